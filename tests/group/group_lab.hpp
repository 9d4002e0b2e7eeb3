// A group on 127.0.0.1 for tests and the bench: one redis-server, qBittorrent instances
// "a" and "b" (real qbittorrent-nox, one torrent each), and any number of
// `qbt-rules --serve` children sharing the Redis queue, each configured with both
// instances and the `group_work` test action (tests/group/work_action_plugin.cpp).
#pragma once

#include "fault_support.hpp"
#include "qbt_lab.hpp"
#include "redis_lab.hpp"
#include "temp_dir.hpp"

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qbt::group_test {

// Two rules: context "work" makes `calls` app/version calls `pause_ms` apart per job; context
// "long" the same with long_calls (for a job to be killed mid-way).
struct Work {
    int calls = 4;
    int pause_ms = 40;
    int long_calls = 30;
    int long_pause_ms = 100;
};

// One job as the API reported it.
struct JobRecord {
    std::string id, status, instance, worker, context, error;
    int64_t started_us = 0, completed_us = 0;
    int attempts = 0;
};

class GroupLab {
public:
    // Throws std::runtime_error when a service cannot start.
    GroupLab(double lease_seconds, Work work);
    ~GroupLab();

    // Starts server number `index` (0-based) with id "server-<index>"; false + why on failure.
    bool start_server(std::string* why);
    faults::ServerProcess& server(size_t index) { return *servers_.at(index); }
    size_t servers() const { return servers_.size(); }

    // Every job in the queue (through server `via`, paging by 100).
    std::vector<JobRecord> jobs(size_t via = 0);
    testing::RedisLab& redis() { return *redis_; }

private:
    std::unique_ptr<testing::RedisLab> redis_;
    std::unique_ptr<testing::QbtLab> qbt_a_, qbt_b_;
    std::vector<std::unique_ptr<testing::TempDir>> dirs_;
    std::vector<std::unique_ptr<faults::ServerProcess>> servers_;
    double lease_seconds_;
    Work work_;
};

int64_t micros_of(const std::string& iso);  // 0 when empty or not a timestamp

}  // namespace qbt::group_test
