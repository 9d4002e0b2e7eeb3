#include "engine/previewer.hpp"

#include "rules/rules_loader.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <memory>

namespace qbt::engine {

namespace {

using Status = PreviewOutcome::Status;

// Where a finished preview leaves its answer; shared with the thread, which may outlive
// the request that started it (timeout).
struct Slot {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    PreviewOutcome outcome;
};

std::string next_preview_id() {
    static std::atomic<uint64_t> counter{0};
    return "preview-" + std::to_string(++counter);
}

}  // namespace

Previewer::Previewer(Engine& engine, RulesProvider rules, const plugin::Registry& registry,
                     std::chrono::milliseconds timeout)
    : Previewer([&engine](const std::string&) { return &engine; }, std::move(rules), registry, timeout) {}

Previewer::Previewer(EngineFor engine_for, RulesProvider rules, const plugin::Registry& registry,
                     std::chrono::milliseconds timeout)
    : engine_for_(std::move(engine_for)), rules_(std::move(rules)), registry_(registry), timeout_(timeout) {}

Previewer::~Previewer() {
    std::thread last;
    {
        std::lock_guard lock(mutex_);
        last = std::move(thread_);
    }
    if (last.joinable()) last.join();
}

PreviewOutcome Previewer::preview(const PreviewRequest& request) {
    std::shared_ptr<const rules::RuleSet> rules;
    std::vector<rules::Diagnostic> warnings;
    const bool own_rules = request.rules_yaml.has_value();
    try {
        if (own_rules) {
            rules::LoadResult loaded = rules::load_rules_text(*request.rules_yaml, "rules (request)", registry_);
            if (!loaded.ok()) {
                std::string message = std::to_string(loaded.errors.size()) + " error(s) in the rules sent with the preview:";
                for (const rules::Diagnostic& d : loaded.errors) message += "\n  - " + d.to_string();
                return {Status::InvalidRules, diagnostics_json(loaded.errors), message};
            }
            rules = loaded.rules;
            warnings = std::move(loaded.warnings);
        } else {
            rules = rules_ ? rules_() : nullptr;
        }
    } catch (const std::exception& e) {
        return {Status::Failed, "", std::string("could not load the rules: ") + e.what()};
    }
    if (!rules) return {Status::Failed, "", "no rules are loaded (fix rules.yml, or send rules with the preview)"};

    Engine* engine = engine_for_(request.instance);
    if (!engine) return {Status::Failed, "", "no qBittorrent instance named '" + request.instance + "' is configured"};
    // Always a dry-run; rules restricted to other instances are left out, as in a job.
    const JobRequest job{next_preview_id(), request.context, request.hash, true, request.instance, request.rules};
    auto slot = std::make_shared<Slot>();
    {
        std::lock_guard lock(mutex_);
        if (running_)
            return {Status::Busy, "", "another preview is running; try again when it has finished"};
        if (thread_.joinable()) thread_.join();  // finished: running_ is false
        running_ = true;
        try {
            thread_ = std::thread([this, engine, slot, job, rules, request, own_rules, warnings] {
                PreviewOutcome outcome;
                try {
                    JobStats stats;
                    stats.record_matches = true;
                    const std::string problem = engine->run_rules(job, *rules, stats);
                    outcome = problem.empty()
                                  ? PreviewOutcome{Status::Ok, preview_json(stats, request, own_rules, warnings), ""}
                                  : PreviewOutcome{Status::Failed, "", problem};
                } catch (const std::exception& e) {
                    outcome = {Status::Failed, "", std::string("the preview failed: ") + e.what()};
                } catch (...) {
                    outcome = {Status::Failed, "", "the preview failed with an unknown exception"};
                }
                {
                    // Free before the answer is published: a client that has it may ask again at
                    // once and must not get Busy (preview_bound saw 429 under ASan's slowdown).
                    std::lock_guard lock(mutex_);
                    running_ = false;
                }
                {
                    std::lock_guard done(slot->mutex);
                    slot->outcome = std::move(outcome);
                    slot->done = true;
                }
                slot->cv.notify_all();
            });
        } catch (const std::exception& e) {
            running_ = false;
            return {Status::Failed, "", std::string("could not start the preview: ") + e.what()};
        }
    }

    std::unique_lock lock(slot->mutex);
    if (!slot->cv.wait_for(lock, timeout_, [&] { return slot->done; })) {
        spdlog::warn("{}: not finished after {} ms; answering timeout, it finishes in the background", job.job_id,
                     timeout_.count());
        return {Status::Timeout, "",
                fmt::format("the preview did not finish within {:g} s (engine.preview_timeout); further "
                            "previews are refused until it ends",
                            static_cast<double>(timeout_.count()) / 1000.0)};
    }
    return std::move(slot->outcome);
}

}  // namespace qbt::engine
