#include "worker/group_member.hpp"

#include "worker/worker.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

namespace qbt::worker {

namespace {

// Beat at least every 5 s (and 3 times per lease); a server is shown for 3 beats.
std::chrono::milliseconds beat_interval(std::chrono::milliseconds lease) {
    return std::clamp(lease / 3, std::chrono::milliseconds(100), std::chrono::milliseconds(5000));
}

}  // namespace

std::string heartbeat_info(const Worker& worker, const std::vector<std::string>& instances) {
    const WorkerSnapshot now = worker.snapshot();
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
    out.StartObject();
    out.Key("instances");
    out.StartArray();
    for (const auto& name : instances) out.String(name.c_str());
    out.EndArray();
    out.Key("state");
    out.String(now.state.c_str());
    out.Key("current_job");
    if (now.current_job) out.String(now.current_job->c_str()); else out.Null();
    out.Key("jobs_done");
    out.Uint64(now.jobs_done);
    out.Key("jobs_failed");
    out.Uint64(now.jobs_failed);
    out.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::unique_ptr<GroupMember> GroupMember::create(const plugin::Registry& registry, const config::Config& config) {
    auto queue = queue::GroupQueue::open(registry, config.queue);
    if (!queue) return nullptr;
    const auto lease = std::chrono::milliseconds(
        std::max<int64_t>(100, static_cast<int64_t>(std::llround(config.queue.lease_seconds * 1000))));
    const std::string id = config.queue.server_id.empty() ? default_server_id() : config.queue.server_id;
    return std::unique_ptr<GroupMember>(new GroupMember(std::move(queue), id, lease, config.queue.max_attempts));
}

GroupMember::GroupMember(std::unique_ptr<queue::GroupQueue> queue, std::string server_id,
                         std::chrono::milliseconds lease, int max_attempts)
    : queue_(std::move(queue)), server_id_(std::move(server_id)), lease_(lease), max_attempts_(max_attempts) {}

GroupMember::~GroupMember() { stop(); }

int GroupMember::recover_expired() { return queue_->recover_expired(max_attempts_); }

void GroupMember::start(std::function<std::string()> info) {
    if (thread_.joinable()) return;
    thread_ = std::thread([this, info = std::move(info)] { run(info); });
}

void GroupMember::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void GroupMember::run(std::function<std::string()> info) {
    using Clock = std::chrono::steady_clock;
    const auto beat = beat_interval(lease_);
    const auto recover_every = std::max(std::chrono::milliseconds(100), lease_ / 2);
    auto next_recovery = Clock::now() + recover_every;
    bool failing = false;
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        try {
            queue_->heartbeat(server_id_, info(), beat * 3);
            if (Clock::now() >= next_recovery) {
                const int recovered = recover_expired();
                if (recovered > 0) spdlog::warn("recovered {} job(s) whose server's lease expired", recovered);
                next_recovery = Clock::now() + recover_every;
            }
            if (failing) spdlog::info("group: queue reachable again (heartbeats and recovery resume)");
            failing = false;
        } catch (const std::exception& e) {
            if (!failing) spdlog::error("group: heartbeat or recovery failed: {}", e.what());
            failing = true;
        }
        lock.lock();
        cv_.wait_for(lock, beat, [this] { return stop_; });
    }
}

bool GroupMember::claim_slot(const std::string& entry_key, std::time_t slot) {
    // Kept well past the slot's minute, so a slow peer cannot fire it late.
    return queue_->claim_once("schedule:" + entry_key + "@" + std::to_string(static_cast<long long>(slot)),
                              std::chrono::hours(1));
}

}  // namespace qbt::worker
