// Redis-only behaviour: the seed's key layout, reconnecting after a server restart,
// passwords (never echoed), URL errors.
#include "queue_fixture.hpp"

#include <hiredis/hiredis.h>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;

// A direct hiredis client, to look at keys the way another tool would.
class RawRedis {
public:
    explicit RawRedis(int port, const std::string& password = {}) {
        ctx_ = redisConnect("127.0.0.1", port);
        if (!password.empty()) command({"AUTH", password});
    }
    ~RawRedis() { redisFree(ctx_); }
    // The reply as text: strings/status as-is, integers in decimal, nil as "(nil)".
    std::string command(const std::vector<std::string>& args) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const auto& a : args) {
            argv.push_back(a.data());
            lens.push_back(a.size());
        }
        auto* reply = static_cast<redisReply*>(
            redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
        if (!reply) return "(connection error)";
        std::string out = reply->type == REDIS_REPLY_INTEGER ? std::to_string(reply->integer)
                          : reply->type == REDIS_REPLY_NIL   ? "(nil)"
                          : reply->str                       ? std::string(reply->str, reply->len)
                                                             : "(array)";
        freeReplyObject(reply);
        return out;
    }

private:
    redisContext* ctx_;
};

class RedisBackend : public ::testing::Test {
protected:
    RedisBackend() {
        config.backend = "redis";
        config.redis_url = lab->url();
    }
    std::unique_ptr<queue::JobQueue> open() {
        return std::make_unique<queue::JobQueue>(queue_registry(), config);
    }
    std::unique_ptr<testing::RedisLab> lab = testing::RedisLab::start(true);
    config::QueueConfig config;
};

TEST_F(RedisBackend, KeysFollowTheSeedLayout) {
    auto queue = open();
    auto job = make_job("weekly-cleanup", "2024-01-15T10:30:00.123456Z");
    job.hash = "abc123";
    queue->enqueue(job);
    RawRedis raw(lab->port());
    const std::string key = "qbt_rules:jobs:" + job.job_id;
    EXPECT_EQ(raw.command({"TYPE", key}), "hash");
    EXPECT_EQ(raw.command({"HGET", key, "status"}), "pending");
    EXPECT_EQ(raw.command({"HGET", key, "context"}), "weekly-cleanup");
    EXPECT_EQ(raw.command({"HGET", key, "hash"}), "abc123");
    EXPECT_EQ(raw.command({"HGET", key, "created_at"}), "2024-01-15T10:30:00.123456Z");
    EXPECT_EQ(raw.command({"LRANGE", "qbt_rules:queue:pending", "0", "0"}), "(array)");
    EXPECT_EQ(raw.command({"LLEN", "qbt_rules:queue:pending"}), "1");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:status:pending", job.job_id}), "1");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:context:weekly-cleanup", job.job_id}), "1");
    EXPECT_EQ(raw.command({"ZSCORE", "qbt_rules:jobs:by_time", job.job_id}), "1705314600123456");

    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(raw.command({"LLEN", "qbt_rules:queue:pending"}), "0");
    EXPECT_EQ(raw.command({"LLEN", "qbt_rules:queue:processing"}), "1");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:status:pending", job.job_id}), "0");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:status:processing", job.job_id}), "1");
    EXPECT_EQ(raw.command({"HGET", key, "started_at"}), *taken->started_at);

    taken->status = "completed";
    taken->result_json = R"({"rules_matched":3})";
    queue->update(*taken);
    EXPECT_EQ(raw.command({"LLEN", "qbt_rules:queue:processing"}), "0");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:status:processing", job.job_id}), "0");
    EXPECT_EQ(raw.command({"SISMEMBER", "qbt_rules:jobs:status:completed", job.job_id}), "1");
    EXPECT_EQ(raw.command({"HGET", key, "result"}), R"({"rules_matched":3})");
}

TEST_F(RedisBackend, ServerRestartMidUseReconnectsAndKeepsJobs) {
    auto queue = open();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto job = make_job("restart");
        queue->enqueue(job);
        ids.push_back(job.job_id);
    }
    ASSERT_TRUE(queue->dequeue(0ms, "w"));
    lab->restart();
    auto first = queue->get(ids[0]);  // the pooled connection is dead: reconnect, retry
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, "processing");
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 3u);
    auto next = queue->dequeue(0ms, "w");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->job_id, ids[1]);
    EXPECT_EQ(queue->health_problem(), "");
}

// Calls of one command so far, from INFO commandstats ("cmdstat_evalsha:calls=12,...").
long command_calls(RawRedis& raw, const std::string& command) {
    const std::string info = raw.command({"INFO", "commandstats"});
    const std::string key = "cmdstat_" + command + ":calls=";
    const size_t at = info.find(key);
    return at == std::string::npos ? 0 : std::stol(info.substr(at + key.size()));
}

// Issue 17: the scripts go by EVALSHA (their text is sent once per process); after the
// server forgets them (SCRIPT FLUSH, as after a restart or failover) every operation still
// works, through the NOSCRIPT fallback to EVAL, which loads them again.
TEST_F(RedisBackend, ScriptsRunByShaAndSurviveAScriptFlush) {
    auto queue = open();
    RawRedis raw(lab->port());
    auto first = make_job("sha");
    queue->enqueue(first);
    queue->enqueue(make_job("sha"));
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 2u);
    const long evalsha_before = command_calls(raw, "evalsha");
    EXPECT_GE(evalsha_before, 3) << "enqueue and list must run by EVALSHA";
    EXPECT_EQ(command_calls(raw, "eval"), 0) << "no script text sent while Redis knows the script";

    EXPECT_EQ(raw.command({"SCRIPT", "FLUSH"}), "OK");
    auto second = make_job("after-flush");
    queue->enqueue(second);  // NOSCRIPT -> EVAL
    EXPECT_EQ(command_calls(raw, "eval"), 1);
    queue->enqueue(make_job("after-flush"));  // the EVAL loaded it again: EVALSHA works
    EXPECT_EQ(command_calls(raw, "eval"), 1);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 4u);
    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, first.job_id);
    EXPECT_EQ(queue->get(second.job_id)->status, "pending");
    EXPECT_GT(command_calls(raw, "evalsha"), evalsha_before + 2);
}

TEST_F(RedisBackend, ServerDownIsUnavailableThenRecoversAfterACrash) {
    auto queue = open();
    auto job = make_job("crash");
    queue->enqueue(job);
    lab->kill();
    EXPECT_NE(queue->health_problem(), "");
    try {
        queue->enqueue(make_job("while-down"));
        FAIL() << "enqueue succeeded with the server down";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_UNAVAILABLE) << e.what();
    }
    lab->restart();
    EXPECT_EQ(queue->health_problem(), "");
    auto survived = queue->get(job.job_id);  // appendfsync always: acknowledged = kept
    ASSERT_TRUE(survived);
    EXPECT_EQ(survived->status, "pending");
}

TEST_F(RedisBackend, PasswordIsUsedAndNeverEchoed) {
    RawRedis(lab->port()).command({"CONFIG", "SET", "requirepass", "s3cret-Pass"});
    config.redis_url = "redis://:s3cret-Pass@127.0.0.1:" + std::to_string(lab->port()) + "/2";
    auto queue = open();
    auto job = make_job("auth");
    queue->enqueue(job);
    RawRedis raw(lab->port(), "s3cret-Pass");
    raw.command({"SELECT", "2"});
    EXPECT_EQ(raw.command({"HGET", "qbt_rules:jobs:" + job.job_id, "status"}), "pending");

    config.redis_url = "redis://:wrong-Guess@127.0.0.1:" + std::to_string(lab->port()) + "/0";
    try {
        open();
        FAIL() << "wrong password accepted";
    } catch (const queue::QueueError& e) {
        std::string message = e.what();
        EXPECT_EQ(e.code(), QBT_E_UNAVAILABLE) << message;
        EXPECT_EQ(message.find("wrong-Guess"), std::string::npos) << message;
        EXPECT_NE(message.find("127.0.0.1:" + std::to_string(lab->port())), std::string::npos) << message;
    }
}

TEST_F(RedisBackend, JobsWrittenWithoutADocumentAreReadFromTheirFields) {
    RawRedis raw(lab->port());  // as the seed Python tool stores a job
    raw.command({"HSET", "qbt_rules:jobs:seed-1", "job_id", "seed-1", "context", "weekly-cleanup",
                 "hash", "", "status", "pending", "created_at", "2024-01-01T00:00:00",
                 "result", "", "error", ""});
    raw.command({"SADD", "qbt_rules:jobs:status:pending", "seed-1"});
    raw.command({"SADD", "qbt_rules:jobs:context:weekly-cleanup", "seed-1"});
    raw.command({"ZADD", "qbt_rules:jobs:by_time", "1704067200000000", "seed-1"});
    raw.command({"LPUSH", "qbt_rules:queue:pending", "seed-1"});
    auto queue = open();
    auto job = queue->get("seed-1");
    ASSERT_TRUE(job);
    EXPECT_EQ(job->context.value_or(""), "weekly-cleanup");
    EXPECT_FALSE(job->hash);
    EXPECT_FALSE(job->result_json);
    EXPECT_EQ(queue->list("pending", std::nullopt, 10, 0).jobs.size(), 1u);
    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, "seed-1");
    EXPECT_EQ(taken->status, "processing");
    EXPECT_EQ(taken->attempts, 1);
    EXPECT_EQ(raw.command({"HGET", "qbt_rules:jobs:seed-1", "status"}), "processing");
}

TEST_F(RedisBackend, BadUrlsAreInvalid) {
    for (std::string url : {"http://127.0.0.1:6379", "redis://127.0.0.1:notaport/0",
                            "redis://127.0.0.1:6379/db", "rediss://127.0.0.1:6379"}) {
        config.redis_url = url;
        try {
            open();
            ADD_FAILURE() << url << " accepted";
        } catch (const queue::QueueError& e) {
            EXPECT_EQ(e.code(), QBT_E_INVALID) << url << ": " << e.what();
            EXPECT_NE(std::string(e.what()).find("redis_url"), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace qbt::queue_test
