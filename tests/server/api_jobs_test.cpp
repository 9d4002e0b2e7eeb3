// GET /api/jobs (filters, pagination, clamping), GET /api/jobs/:id, DELETE /api/jobs/:id.
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace qt = qbt::testing;
using qt::http_request;
using qt::parse_json;

namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + qt::kApiKey;

class JobsApiTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    qt::HttpResult get(const std::string& path) { return http_request("GET", server.url(path), "", {kKeyHeader}); }
    qt::HttpResult del(const std::string& path) { return http_request("DELETE", server.url(path), "", {kKeyHeader}); }
    std::string execute(const std::string& context) {
        const auto r = http_request("POST", server.url("/api/execute?context=" + context), "", {kKeyHeader});
        EXPECT_EQ(r.code, 202) << r.body;
        return parse_json(r.body)["job_id"].GetString();
    }
    std::string status_of(const std::string& id) { return parse_json(get("/api/jobs/" + id).body)["status"].GetString(); }
    // Occupies the worker with a blocked job, so that later jobs stay pending.
    std::string occupy_worker() {
        const std::string id = execute("block");
        EXPECT_TRUE(server.runner.wait_for_calls(1));
        return id;
    }
    qt::TestServer server;
};

void expect_400(const qt::HttpResult& r, const std::string& parameter) {
    EXPECT_EQ(r.code, 400) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_NE(std::string(doc["message"].GetString()).find(parameter), std::string::npos) << r.body;
}

TEST_F(JobsApiTest, ListIsNewestFirstWithTotalAndPagination) {
    occupy_worker();
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(execute("page"));
    auto r = get("/api/jobs?context=page&limit=3&offset=2");
    ASSERT_EQ(r.code, 200) << r.body;
    auto doc = parse_json(r.body);
    EXPECT_EQ(doc["total"].GetUint64(), 7u);
    EXPECT_EQ(doc["limit"].GetUint64(), 3u);
    EXPECT_EQ(doc["offset"].GetUint64(), 2u);
    ASSERT_EQ(doc["jobs"].Size(), 3u);
    // Newest first: offset 2 skips ids[6] and ids[5].
    EXPECT_EQ(std::string(doc["jobs"][0]["job_id"].GetString()), ids[4]);
    EXPECT_EQ(std::string(doc["jobs"][2]["job_id"].GetString()), ids[2]);

    doc = parse_json(get("/api/jobs").body);
    EXPECT_EQ(doc["total"].GetUint64(), 8u);
    EXPECT_EQ(doc["limit"].GetUint64(), 50u);
    EXPECT_EQ(doc["offset"].GetUint64(), 0u);
    EXPECT_EQ(doc["jobs"].Size(), 8u);
}

TEST_F(JobsApiTest, FiltersByStatusAndContext) {
    const std::string failed = execute("fail");
    const std::string ok = execute("fine");
    ASSERT_TRUE(qt::wait_until([&] { return status_of(ok) == "completed"; }));
    auto doc = parse_json(get("/api/jobs?status=failed").body);
    ASSERT_EQ(doc["total"].GetUint64(), 1u);
    EXPECT_EQ(std::string(doc["jobs"][0]["job_id"].GetString()), failed);
    EXPECT_STREQ(doc["jobs"][0]["error"].GetString(), "rules failed on purpose");
    doc = parse_json(get("/api/jobs?status=completed&context=fine").body);
    ASSERT_EQ(doc["total"].GetUint64(), 1u);
    EXPECT_EQ(std::string(doc["jobs"][0]["job_id"].GetString()), ok);
    doc = parse_json(get("/api/jobs?status=completed&context=fail").body);
    EXPECT_EQ(doc["total"].GetUint64(), 0u);
    EXPECT_EQ(doc["jobs"].Size(), 0u);
}

TEST_F(JobsApiTest, LimitAbove100IsClampedAndBadValuesAre400) {
    auto doc = parse_json(get("/api/jobs?limit=500").body);
    EXPECT_EQ(doc["limit"].GetUint64(), 100u);
    EXPECT_EQ(get("/api/jobs?limit=0").code, 200);
    expect_400(get("/api/jobs?limit=-1"), "limit");
    expect_400(get("/api/jobs?limit=ten"), "limit");
    expect_400(get("/api/jobs?limit=2.5"), "limit");
    expect_400(get("/api/jobs?offset=-5"), "offset");
    expect_400(get("/api/jobs?offset=x"), "offset");
    expect_400(get("/api/jobs?status=done"), "status");
    expect_400(get("/api/jobs?context=bad%20context"), "context");
}

TEST_F(JobsApiTest, GetJobAndUnknownJob) {
    const std::string id = execute("fine");
    auto r = get("/api/jobs/" + id);
    ASSERT_EQ(r.code, 200) << r.body;
    EXPECT_EQ(std::string(parse_json(r.body)["job_id"].GetString()), id);
    r = get("/api/jobs/00000000-0000-4000-8000-000000000000");
    EXPECT_EQ(r.code, 404);
    EXPECT_STREQ(parse_json(r.body)["error"].GetString(), "not_found");
}

TEST_F(JobsApiTest, CancelPendingNonPendingAndUnknown) {
    const std::string running = occupy_worker();
    const std::string pending = execute("later");
    auto r = del("/api/jobs/" + pending);
    ASSERT_EQ(r.code, 200) << r.body;
    auto doc = parse_json(r.body);
    EXPECT_EQ(std::string(doc["job_id"].GetString()), pending);
    EXPECT_STREQ(doc["status"].GetString(), "cancelled");
    EXPECT_TRUE(doc["message"].IsString());
    EXPECT_EQ(status_of(pending), "cancelled");

    r = del("/api/jobs/" + running);
    EXPECT_EQ(r.code, 400) << r.body;
    doc = parse_json(r.body);
    EXPECT_STREQ(doc["error"].GetString(), "not_pending");
    EXPECT_NE(std::string(doc["message"].GetString()).find("processing"), std::string::npos) << r.body;

    r = del("/api/jobs/" + pending);  // already cancelled
    EXPECT_EQ(r.code, 400);
    EXPECT_NE(r.body.find("cancelled"), std::string::npos) << r.body;

    EXPECT_EQ(del("/api/jobs/00000000-0000-4000-8000-000000000000").code, 404);

    server.runner.release();
    ASSERT_TRUE(qt::wait_until([&] { return status_of(running) == "completed"; }));
    EXPECT_EQ(server.runner.calls().size(), 1u) << "a cancelled job must never run";
}

}  // namespace
