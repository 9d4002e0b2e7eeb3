// queue.coalesce through the in-process server: an identical request while a job is
// pending returns that job (202, "coalesced": true); off, every request queues a job.
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace qbt::testing {
namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + kApiKey;

struct Posted {
    long code;
    std::string job_id;
    bool coalesced;
};

Posted post(TestServer& t, const std::string& query) {
    const auto r = http_request("POST", t.url("/api/execute?" + query), "", {kKeyHeader});
    auto doc = parse_json(r.body);
    if (!doc.IsObject() || !doc.HasMember("job_id")) return {r.code, "", false};
    return {r.code, doc["job_id"].GetString(), doc.HasMember("coalesced") && doc["coalesced"].GetBool()};
}

uint64_t total_jobs(TestServer& t) {
    return parse_json(http_request("GET", t.url("/api/jobs?limit=1"), "", {kKeyHeader}).body)["total"].GetUint64();
}

// Starts a server whose worker is held inside a "block" job, so later jobs stay pending.
void hold_worker(TestServer& t) {
    t.start();
    ASSERT_EQ(post(t, "context=block").code, 202);
    ASSERT_TRUE(t.runner.wait_for_calls(1));
}

TEST(Coalesce, AnIdenticalRequestReturnsThePendingJob) {
    TestServer t([](config::Config& c) { c.queue.coalesce = true; });
    hold_worker(t);
    const Posted first = post(t, "context=storm&hash=" + std::string(40, 'a'));
    const Posted second = post(t, "context=storm&hash=" + std::string(40, 'a'));
    const Posted third = post(t, "context=storm&hash=" + std::string(40, 'A'));  // hashes are lower-cased
    EXPECT_EQ(first.code, 202);
    EXPECT_FALSE(first.coalesced);
    EXPECT_EQ(second.code, 202);
    EXPECT_TRUE(second.coalesced);
    EXPECT_EQ(second.job_id, first.job_id);
    EXPECT_EQ(third.job_id, first.job_id);
    EXPECT_EQ(total_jobs(t), 2u);  // block + storm
    // The stored job carries no "coalesced" member.
    const auto stored = parse_json(http_request("GET", t.url("/api/jobs/" + first.job_id), "", {kKeyHeader}).body);
    EXPECT_FALSE(stored.HasMember("coalesced"));
}

TEST(Coalesce, DifferentContextHashOrDryRunAreDifferentWork) {
    TestServer t([](config::Config& c) { c.queue.coalesce = true; });
    hold_worker(t);
    const std::string hash_a = std::string(40, 'a'), hash_b = std::string(40, 'b');
    const Posted base = post(t, "context=x&hash=" + hash_a);
    EXPECT_NE(post(t, "context=y&hash=" + hash_a).job_id, base.job_id);
    EXPECT_NE(post(t, "context=x&hash=" + hash_b).job_id, base.job_id);
    EXPECT_NE(post(t, "context=x&hash=" + hash_a + "&dry_run=true").job_id, base.job_id);
    EXPECT_NE(post(t, "context=x").job_id, base.job_id);  // no hash: the whole library
    EXPECT_EQ(post(t, "context=x&hash=" + hash_a).job_id, base.job_id);
    EXPECT_EQ(total_jobs(t), 6u);
}

TEST(Coalesce, OnceTheJobLeftPendingANewOneIsQueued) {
    TestServer t([](config::Config& c) { c.queue.coalesce = true; });
    t.start();
    const Posted first = post(t, "context=later");
    ASSERT_TRUE(t.runner.wait_for_calls(1));
    ASSERT_TRUE(wait_until([&] {
        auto doc = parse_json(http_request("GET", t.url("/api/jobs/" + first.job_id), "", {kKeyHeader}).body);
        return std::string(doc["status"].GetString()) == "completed";
    }));
    const Posted second = post(t, "context=later");
    EXPECT_FALSE(second.coalesced);
    EXPECT_NE(second.job_id, first.job_id);
}

TEST(Coalesce, OffByDefaultEveryRequestQueues) {
    TestServer t;
    ASSERT_FALSE(t.config.queue.coalesce);
    hold_worker(t);
    const Posted first = post(t, "context=storm");
    const Posted second = post(t, "context=storm");
    EXPECT_NE(first.job_id, second.job_id);
    EXPECT_FALSE(second.coalesced);
    EXPECT_EQ(total_jobs(t), 3u);
}

}  // namespace
}  // namespace qbt::testing
