#include "worker/metadata_defer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace qbt::worker {

namespace {

using std::chrono::milliseconds;
using SystemClock = std::chrono::system_clock;

constexpr milliseconds kFirstWait{2000};
constexpr milliseconds kLongestWait{60000};

int64_t micros_of(SystemClock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

// A string member kept in extra_json (JSON text); "" when absent or not a string.
std::string extra_string(const queue::Job& job, const char* key) {
    auto it = job.extra_json.find(key);
    if (it == job.extra_json.end() || it->second.size() < 2 || it->second.front() != '"') return "";
    return it->second.substr(1, it->second.size() - 2);
}

int waits_of(const queue::Job& job) {
    auto it = job.extra_json.find("waits");
    if (it == job.extra_json.end()) return 0;
    try {
        return std::max(0, std::stoi(it->second));
    } catch (const std::exception&) {
        return 0;
    }
}

// When the job first waited (now when it never did, or the member is unreadable).
SystemClock::time_point waiting_since(const queue::Job& job, SystemClock::time_point now) {
    const std::string since = extra_string(job, "waiting_since");
    if (since.empty()) return now;
    try {
        return SystemClock::time_point(std::chrono::microseconds(queue::unix_micros_from_iso(since)));
    } catch (const std::exception&) {
        return now;
    }
}

}  // namespace

std::string duration_text(milliseconds duration) {
    const int64_t ms = duration.count();
    if (ms < 60000) return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{:g}s", ms / 1000.0);
    const int64_t s = ms / 1000;
    if (s < 3600) return fmt::format("{}m{}s", s / 60, s % 60);
    return fmt::format("{}h{}m{}s", s / 3600, s % 3600 / 60, s % 60);
}

void plan_metadata_wait(engine::JobRequest& request, const queue::Job& job, const MetadataPolicy& policy,
                        SystemClock::time_point now) {
    using Mode = engine::JobRequest::MetadataWait;
    request.metadata_wait = Mode::Ignore;
    if (!job.hash) return;
    request.metadata_wait = Mode::RunWithout;
    if (policy.bound.count() <= 0) {
        request.metadata_note = "the torrent had no metadata and engine.metadata_wait is 0 (never wait): "
                                "the rules that need it were not run";
    } else if (!policy.queue_defers) {
        request.metadata_note = "the torrent had no metadata and the " + policy.backend_name +
                                " queue backend cannot defer jobs (no ABI 1.3 QBT_QUEUE_DEFER), so the job did "
                                "not wait: the rules that need it were not run";
    } else if (now - waiting_since(job, now) >= policy.bound) {
        request.metadata_note = "metadata never arrived within " + duration_text(policy.bound) +
                                " (engine.metadata_wait); the rules that need it were not run";
    } else {
        request.metadata_wait = Mode::Wait;
    }
}

Deferral deferral_of(const queue::Job& taken, const MetadataPolicy& policy, SystemClock::time_point now) {
    const int waits = waits_of(taken);
    const SystemClock::time_point since = waiting_since(taken, now);
    milliseconds delay = kFirstWait * (int64_t{1} << std::min(waits, 5));
    delay = std::min(delay, kLongestWait);
    // The last look falls on the bound, so the job ends as soon as it has passed.
    const auto left = std::chrono::ceil<milliseconds>(since + policy.bound - now);
    delay = std::max(milliseconds(0), std::min(delay, left));
    Deferral out{taken, queue::iso_from_unix_micros(micros_of(now + delay))};
    queue::Job& job = out.job;
    job.status = "pending";
    job.started_at.reset();
    job.worker.reset();
    job.attempts = std::max(0, job.attempts - 1);  // waiting is not a failed attempt
    job.extra_json["waiting_for"] = "\"metadata\"";
    job.extra_json["not_before"] = "\"" + out.not_before + "\"";
    job.extra_json["waits"] = std::to_string(waits + 1);
    job.extra_json["waiting_since"] = "\"" + queue::iso_from_unix_micros(micros_of(since)) + "\"";
    job.extra_json.erase("lease_token");
    return out;
}

void end_wait(queue::Job& job) {
    job.extra_json.erase("waiting_for");
    job.extra_json.erase("not_before");
}

}  // namespace qbt::worker
