#include "schedule/scheduler.hpp"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace qbt::schedule {
namespace {

constexpr std::time_t kSlotLength = 60;  // a slot stays due for its minute

std::string describe(const config::ScheduleEntry& e) {
    return "'" + e.cron + "' (context " + e.context.value_or("-") + ")";
}

}  // namespace

std::string iso_utc(std::time_t t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(t)); }

std::string default_state_file(const config::Config& config, const std::string& local_state_dir) {
    namespace fs = std::filesystem;
    const fs::path dir = !local_state_dir.empty() ? fs::path(local_state_dir) : fs::path(config.config_dir);
    return ((dir.empty() ? fs::path(".") : dir) / "schedule-state.json").string();
}

Scheduler::Scheduler(std::vector<config::ScheduleEntry> entries, SubmitFn submit, SchedulerOptions options)
    : submit_(std::move(submit)), options_(std::move(options)), state_(options_.state_file) {
    if (!options_.now) options_.now = [] { return std::time(nullptr); };
    // The first candidate is the current minute's slot (if it has one): a start a few
    // seconds into a slot's minute still fires it, unless the state file says it fired.
    const std::time_t now = options_.now();
    for (size_t i = 0; i < entries.size(); ++i) {
        Entry e{entries[i], {}, "", 0};
        try {
            e.cron = parse_cron(entries[i].cron);
            e.pending = next_slot(e.cron, now - kSlotLength);
        } catch (const CronError& error) {
            throw CronError("schedule[" + std::to_string(i) + "] (" + entries[i].source + "): " + error.what());
        }
        e.id = entries[i].cron + "|" + entries[i].context.value_or("");
        entries_.push_back(std::move(e));
    }
    if (auto problem = state_.load(); !problem.empty()) spdlog::warn("schedule: {}", problem);
}

Scheduler::~Scheduler() { stop(); }

int Scheduler::fire_due(std::time_t now) {
    std::lock_guard lock(mutex_);
    int fired = 0;
    for (Entry& e : entries_) {
        while (e.pending <= now) {
            const std::time_t slot = e.pending;
            const std::time_t before = state_.last_fired(e.id);
            bool done = true;  // false: retry this slot at the next wake-up
            if (slot <= now - kSlotLength) {
                spdlog::warn("schedule {}: slot {} missed (its minute has passed); not caught up",
                             describe(e.config), iso_utc(slot));
            } else if (slot > before) {
                state_.set_last_fired(e.id, slot);
                if (auto problem = state_.save(); !problem.empty())
                    spdlog::warn("schedule: {} (a restart within this minute could fire it again)", problem);
                try {
                    if (options_.claim && e.claimed != slot) {
                        if (!options_.claim(e.id + "|" + e.config.instance, slot)) {
                            spdlog::info("schedule {}: slot {} is fired by another server of the group",
                                         describe(e.config), iso_utc(slot));
                            e.pending = next_slot(e.cron, std::max(slot, now - kSlotLength));
                            continue;
                        }
                        e.claimed = slot;  // a retry of a failed submit keeps its claim
                    }
                    const std::string job_id = submit_(e.config);
                    ++fired;
                    spdlog::info("schedule {}: slot {} queued job {}", describe(e.config), iso_utc(slot), job_id);
                } catch (const std::exception& error) {
                    spdlog::error("schedule {}: could not queue the job for slot {}: {} (retrying within the minute)",
                                  describe(e.config), iso_utc(slot), error.what());
                    state_.set_last_fired(e.id, before);
                    (void)state_.save();
                    done = false;
                }
            }
            if (!done) break;
            e.pending = next_slot(e.cron, std::max(slot, now - kSlotLength));
        }
    }
    return fired;
}

std::time_t Scheduler::earliest_pending() const {
    std::time_t earliest = 0;
    for (const Entry& e : entries_)
        if (earliest == 0 || e.pending < earliest) earliest = e.pending;
    return earliest;
}

void Scheduler::start() {
    if (entries_.empty() || thread_.joinable()) return;
    thread_ = std::thread([this] { run_thread(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_requested_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Scheduler::run_thread() {
    using std::chrono::system_clock;
    while (true) {
        fire_due(options_.now());
        std::unique_lock lock(mutex_);
        if (stop_requested_) return;
        // Wake at the next slot, or within 30 s anyway (clock changes, failed submits retry).
        const std::time_t earliest = earliest_pending();
        const auto next = earliest <= options_.now() ? system_clock::now() + std::chrono::seconds(5)  // retry
                                                     : system_clock::from_time_t(earliest);
        const auto wake = std::min(next, system_clock::now() + std::chrono::seconds(30));
        cv_.wait_until(lock, std::max(wake, system_clock::now() + std::chrono::milliseconds(200)),
                       [this] { return stop_requested_; });
        if (stop_requested_) return;
    }
}

std::vector<EntryStatus> Scheduler::status() const {
    std::lock_guard lock(mutex_);
    std::vector<EntryStatus> out;
    for (const Entry& e : entries_)
        out.push_back({e.config.cron, e.config.context, e.config.dry_run, e.pending, state_.last_fired(e.id)});
    return out;
}

}  // namespace qbt::schedule
