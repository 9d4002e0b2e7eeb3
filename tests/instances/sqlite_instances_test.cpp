// SQLite schema v3: the instance column, migrated in place from a v2 file; list_jobs
// filtered by instance through the host's JobQueue (ABI 1.1 qbt_job_filter.instance), in
// SQLite and Redis (and Redis's counts, which skip the scan where they can); coalescing
// per instance.
#include "../queue/test_plugins.hpp"
#include "queue/job_queue.hpp"
#include "queue/submit.hpp"
#include "redis_lab.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;

class SqliteInstances : public ::testing::Test {
protected:
    SqliteInstances() { config.sqlite_path = (dir.path() / "qbt-rules.db").string(); }
    std::unique_ptr<queue::JobQueue> open() { return std::make_unique<queue::JobQueue>(queue_registry(), config); }
    // A queue on the Redis at `url` (a RedisLab that outlives it).
    static std::unique_ptr<queue::JobQueue> open_redis(const std::string& url) {
        config::QueueConfig redis_config;
        redis_config.backend = "redis";
        redis_config.redis_url = url;
        return std::make_unique<queue::JobQueue>(queue_registry(), redis_config);
    }
    // Runs SQL; returns the first column of the last row ("" when none).
    std::string sql(const std::string& statement) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open(config.sqlite_path.c_str(), &db), SQLITE_OK);
        std::string last;
        char* error = nullptr;
        auto keep = [](void* out, int, char** values, char**) {
            *static_cast<std::string*>(out) = values[0] ? values[0] : "";
            return 0;
        };
        EXPECT_EQ(sqlite3_exec(db, statement.c_str(), keep, &last, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
        return last;
    }
    queue::Job job(const std::string& instance, const std::string& context) {
        queue::Job j;
        j.job_id = queue::new_job_id();
        j.context = context;
        j.instance = instance;
        j.created_at = queue::now_iso();
        return j;
    }

    testing::TempDir dir{"qbt-inst-sqlite-"};
    config::QueueConfig config;
};

// A file written by the v2 schema (before instances): its jobs are the default instance's.
TEST_F(SqliteInstances, MigratesAVersion2FileInPlace) {
    sql(R"(CREATE TABLE jobs (job_id TEXT PRIMARY KEY, context TEXT, hash TEXT, status TEXT NOT NULL,
             created_at TIMESTAMP NOT NULL, started_at TIMESTAMP, completed_at TIMESTAMP, result TEXT,
             error TEXT, document TEXT, seq INTEGER);
           CREATE INDEX idx_status ON jobs(status);
           CREATE INDEX idx_status_seq ON jobs(status, seq);
           INSERT INTO jobs VALUES ('v2-done', 'nightly', NULL, 'completed', '2024-01-01T00:00:00.000000Z',
             NULL, NULL, NULL, NULL, '{"job_id":"v2-done","context":"nightly","hash":null,"status":"completed",
             "created_at":"2024-01-01T00:00:00.000000Z","started_at":null,"completed_at":null,"result":{},
             "error":null,"dry_run":false,"attempts":1}', 1);
           INSERT INTO jobs VALUES ('v2-pending', 'adhoc', NULL, 'pending', '2024-01-02T00:00:00.000000Z',
             NULL, NULL, NULL, NULL, '{"job_id":"v2-pending","context":"adhoc","hash":null,"status":"pending",
             "created_at":"2024-01-02T00:00:00.000000Z","started_at":null,"completed_at":null,"result":null,
             "error":null,"dry_run":false,"attempts":0}', 2);
           PRAGMA user_version = 2;)");
    auto queue = open();
    EXPECT_EQ(sql("PRAGMA user_version"), "5");  // v3 instance column, v4 list indexes, v5 not_before
    EXPECT_EQ(sql("SELECT instance FROM jobs WHERE job_id = 'v2-done'"), "default");
    EXPECT_EQ(sql("SELECT COUNT(*) FROM sqlite_master WHERE name = 'idx_instance_status'"), "1");

    EXPECT_EQ(queue->get("v2-pending")->instance, "default");
    queue->enqueue(job("a", "x"));
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0, std::string("default")).total, 2u);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0, std::string("a")).total, 1u);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 3u);
    // Coalescing: a request for "default" is the same work as the old job stored without
    // an instance; the same request for "a" is not.
    const auto twin = queue::submit_job(*queue, job("default", "adhoc"), true);
    EXPECT_TRUE(twin.coalesced);
    EXPECT_EQ(twin.job.job_id, "v2-pending");
    const auto other = queue::submit_job(*queue, job("a", "adhoc"), true);
    EXPECT_FALSE(other.coalesced);
    EXPECT_EQ(queue->list(std::string("pending"), std::nullopt, 10, 0, std::string("a")).total, 2u);

    auto taken = queue->dequeue(0ms, "w");  // the old pending job still runs first (FIFO kept)
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, "v2-pending");

    queue.reset();  // reopening a v3 file changes nothing
    queue = open();
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0, std::string("a")).total, 2u);
}

TEST_F(SqliteInstances, ListFiltersByInstanceStatusAndContextTogether) {
    auto queue = open();
    const queue::Job a1 = job("a", "nightly"), a2 = job("a", "adhoc"), b1 = job("b", "nightly");
    for (const auto& j : {a1, a2, b1}) queue->enqueue(j);
    auto only_a = queue->list(std::nullopt, std::nullopt, 10, 0, std::string("a"));
    ASSERT_EQ(only_a.total, 2u);
    for (const auto& j : only_a.jobs) EXPECT_EQ(j.instance, "a");
    EXPECT_EQ(queue->list(std::string("pending"), std::string("nightly"), 10, 0, std::string("b")).total, 1u);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0, std::string("c")).total, 0u);
    EXPECT_EQ(queue->get(b1.job_id)->instance, "b");  // the document keeps it
    // An update (the worker finishing a job) keeps the instance column in step.
    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    taken->status = "completed";
    taken->completed_at = queue::now_iso();
    queue->update(*taken);
    EXPECT_EQ(queue->list(std::string("completed"), std::nullopt, 10, 0, taken->instance).total, 1u);
}

// The Redis backend's list_jobs filters by instance too (the one part of queue_redis this
// feature touches); a job stored without an instance is the default instance's.
TEST_F(SqliteInstances, RedisListFiltersByInstance) {
    auto redis = testing::RedisLab::start(false);
    auto queue = open_redis(redis->url());
    for (const auto& j : {job("a", "x"), job("a", "y"), job("b", "x"), job("default", "x")}) queue->enqueue(j);
    const auto a = queue->list(std::nullopt, std::nullopt, 1, 0, std::string("a"));
    EXPECT_EQ(a.total, 2u);
    ASSERT_EQ(a.jobs.size(), 1u);  // the page, not the count
    EXPECT_EQ(a.jobs[0].instance, "a");
    EXPECT_EQ(queue->list(std::nullopt, std::string("x"), 10, 0, std::string("b")).total, 1u);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0, std::string("default")).total, 1u);
    EXPECT_EQ(queue->list(std::string("pending"), std::nullopt, 10, 1, std::string("a")).jobs.size(), 1u);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 4u);
}

// Counts on Redis take shortcuts (no scan while "default" is the only instance stored, a
// set's size for a count of one status or context); every count must stay what a listing
// of the same filter finds, before and after a second instance's first job.
TEST_F(SqliteInstances, RedisCountsMatchListingsWithOneInstanceAndAfterASecond) {
    auto redis = testing::RedisLab::start(false);
    auto queue = open_redis(redis->url());
    for (const auto& j : {job("default", "x"), job("default", "x"), job("default", "y")}) queue->enqueue(j);
    auto taken = queue->dequeue(0ms, "w");  // one processing, two pending
    ASSERT_TRUE(taken);
    using Name = std::optional<std::string>;
    auto count = [&](Name status, Name context, Name instance) {  // limit 0: the count alone
        return queue->list(status, context, 0, 0, instance).total;
    };
    auto listed = [&](Name status, Name context, Name instance) {
        return queue->list(status, context, 50, 0, instance).jobs.size();
    };
    EXPECT_EQ(count(std::nullopt, std::nullopt, std::string("default")), 3u);
    EXPECT_EQ(count(std::string("pending"), std::nullopt, std::string("default")), 2u);
    EXPECT_EQ(count(std::string("processing"), std::nullopt, std::string("default")), 1u);
    EXPECT_EQ(count(std::nullopt, std::string("x"), std::string("default")), 2u);
    EXPECT_EQ(count(std::string("pending"), std::nullopt, std::string("a")), 0u);  // no job of "a" yet
    EXPECT_EQ(listed(std::nullopt, std::nullopt, std::string("a")), 0u);
    EXPECT_EQ(listed(std::string("pending"), std::nullopt, std::string("default")), 2u);

    queue->enqueue(job("a", "x"));  // a second instance: its job is not the default's
    for (const char* status : {"pending", "processing"})
        for (const Name& context : {Name(), Name("x")})
            for (const char* instance : {"default", "a"})
                EXPECT_EQ(count(status, context, instance), listed(status, context, instance))
                    << status << " " << context.value_or("-") << " " << instance;
    EXPECT_EQ(count(std::string("pending"), std::nullopt, std::string("default")), 2u);
    EXPECT_EQ(count(std::string("pending"), std::nullopt, std::string("a")), 1u);
    EXPECT_EQ(count(std::nullopt, std::string("x"), std::string("default")), 2u);
    EXPECT_EQ(count(std::string("pending"), std::nullopt, std::nullopt), 3u);  // every instance
    EXPECT_EQ(count(std::nullopt, std::string("x"), std::nullopt), 3u);
}

}  // namespace
}  // namespace qbt::queue_test
