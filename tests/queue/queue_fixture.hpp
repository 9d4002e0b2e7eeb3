// A fresh JobQueue per test on the backend named by the test parameter: SQLite in a
// private temp dir, or Redis on a private redis-server (RedisLab, appendonly yes).
#pragma once

#include "queue/job_queue.hpp"
#include "redis_lab.hpp"
#include "temp_dir.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace qbt::queue_test {

inline queue::Job make_job(const std::string& context, std::string created_at = queue::now_iso()) {
    queue::Job job;
    job.job_id = queue::new_job_id();
    job.context = context;
    job.created_at = std::move(created_at);
    return job;
}

// created_at `days_ago` days before now.
inline std::string days_ago(int days) {
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return queue::iso_from_unix_micros(now.count() - int64_t{days} * 86400 * 1000000);
}

class QueueTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        config.backend = GetParam();
        if (config.backend == "sqlite") {
            dir = std::make_unique<testing::TempDir>("qbt-queue-");
            config.sqlite_path = (dir->path() / "data" / "queue.db").string();  // parent created
        } else if (config.backend == "witness") {  // the ABI witness: a store of its own per test
            dir = std::make_unique<testing::TempDir>("qbt-queue-");
            config.backend_values["witness_dir"] = dir->path().string();
        } else {
            redis = testing::RedisLab::start(true);
            config.redis_url = redis->url();
        }
        queue = open();
    }
    std::unique_ptr<queue::JobQueue> open() {
        return std::make_unique<queue::JobQueue>(queue_registry(), config);
    }
    queue::Job enqueue(const std::string& context, std::string created_at = queue::now_iso()) {
        queue::Job job = make_job(context, std::move(created_at));
        queue->enqueue(job);
        return job;
    }

    config::QueueConfig config;
    std::unique_ptr<testing::TempDir> dir;
    std::unique_ptr<testing::RedisLab> redis;
    std::unique_ptr<queue::JobQueue> queue;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// sqlite and redis; and the ABI witness when tests/abi/installed_sdk_test.sh built it.
inline std::vector<std::string> conformance_backends() {
    std::vector<std::string> names{"sqlite", "redis"};
    if (std::getenv("QBT_TEST_WITNESS_SO")) names.push_back("witness");
    return names;
}

}  // namespace qbt::queue_test
