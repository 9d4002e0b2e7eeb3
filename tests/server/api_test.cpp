// POST /api/execute, authentication, routing errors and start-up refusals, over real HTTP.
#include "http_test_client.hpp"
#include "net.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace qt = qbt::testing;
using qt::http_request;
using qt::parse_json;

namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + qt::kApiKey;
const std::string kHash40 = "0123456789ABCDEF0123456789abcdef01234567";

class ApiTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    qt::HttpResult post(const std::string& path, const std::string& body = "",
                        std::vector<std::string> headers = {kKeyHeader}) {
        return http_request("POST", server.url(path), body, headers);
    }
    qt::TestServer server;
};

void expect_error(const qt::HttpResult& r, long code, const std::string& error, const std::string& mentions) {
    EXPECT_EQ(r.code, code) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    const auto doc = parse_json(r.body);
    ASSERT_TRUE(doc.IsObject() && doc.HasMember("error") && doc.HasMember("message")) << r.body;
    EXPECT_EQ(std::string(doc["error"].GetString()), error) << r.body;
    EXPECT_NE(std::string(doc["message"].GetString()).find(mentions), std::string::npos) << r.body;
}

TEST_F(ApiTest, ExecuteAnswers202WithTheSeedJobObject) {
    const auto r = post("/api/execute?context=weekly-cleanup&hash=" + kHash40);
    ASSERT_EQ(r.code, 202) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    const auto job = parse_json(r.body);
    EXPECT_TRUE(std::regex_match(job["job_id"].GetString(),
                                 std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    EXPECT_STREQ(job["context"].GetString(), "weekly-cleanup");
    EXPECT_EQ(std::string(job["hash"].GetString()), "0123456789abcdef0123456789abcdef01234567");
    EXPECT_STREQ(job["status"].GetString(), "pending");
    EXPECT_TRUE(std::regex_match(job["created_at"].GetString(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
    for (const char* key : {"started_at", "completed_at", "result", "error"}) {
        ASSERT_TRUE(job.HasMember(key)) << key;
        EXPECT_TRUE(job[key].IsNull()) << key;
    }
    EXPECT_FALSE(job["dry_run"].GetBool());

    // Durable and then run by the worker.
    const std::string id = job["job_id"].GetString();
    ASSERT_TRUE(qt::wait_until([&] {
        const auto j = parse_json(http_request("GET", server.url("/api/jobs/" + id), "", {kKeyHeader}).body);
        return std::string(j["status"].GetString()) == "completed";
    }));
    const auto done = parse_json(http_request("GET", server.url("/api/jobs/" + id), "", {kKeyHeader}).body);
    EXPECT_EQ(done["result"]["total_torrents"].GetInt(), 3);
    EXPECT_TRUE(std::regex_match(done["completed_at"].GetString(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
}

TEST_F(ApiTest, ExecuteWithoutParametersIsAllowed) {
    const auto r = post("/api/execute");
    ASSERT_EQ(r.code, 202) << r.body;
    const auto job = parse_json(r.body);
    EXPECT_TRUE(job["context"].IsNull());
    EXPECT_TRUE(job["hash"].IsNull());
}

TEST_F(ApiTest, ExecuteFromFormBodyAndJsonBody) {
    auto r = post("/api/execute", "context=from%2Dform&dry_run=yes",
                  {kKeyHeader, "Content-Type: application/x-www-form-urlencoded"});
    ASSERT_EQ(r.code, 202) << r.body;
    auto job = parse_json(r.body);
    EXPECT_STREQ(job["context"].GetString(), "from-form");
    EXPECT_TRUE(job["dry_run"].GetBool());

    r = post("/api/execute", R"({"context": "from-json", "hash": ")" + kHash40 + R"(", "dry_run": true})",
             {kKeyHeader, "Content-Type: application/json; charset=utf-8"});
    ASSERT_EQ(r.code, 202) << r.body;
    job = parse_json(r.body);
    EXPECT_STREQ(job["context"].GetString(), "from-json");
    EXPECT_EQ(std::string(job["hash"].GetString()), "0123456789abcdef0123456789abcdef01234567");
    EXPECT_TRUE(job["dry_run"].GetBool());

    expect_error(post("/api/execute", "{not json", {kKeyHeader, "Content-Type: application/json"}), 400,
                 "invalid_body", "JSON");
    expect_error(post("/api/execute", R"({"context": 5})", {kKeyHeader, "Content-Type: application/json"}), 400,
                 "invalid_parameter", "context");
    expect_error(post("/api/execute?context=a", "context=b",
                      {kKeyHeader, "Content-Type: application/x-www-form-urlencoded"}),
                 400, "invalid_parameter", "context");
}

// A JSON body's boolean dry_run is read as a boolean (never through text): the query may
// say the same thing in its own words, and a different value is the usual conflict.
TEST_F(ApiTest, JsonDryRunIsABooleanComparedAsOne) {
    const std::vector<std::string> json{kKeyHeader, "Content-Type: application/json"};
    auto r = post("/api/execute?dry_run=1", R"({"dry_run": true})", json);
    ASSERT_EQ(r.code, 202) << r.body;
    EXPECT_TRUE(parse_json(r.body)["dry_run"].GetBool());
    r = post("/api/execute?dry_run=no", R"({"dry_run": false})", json);
    ASSERT_EQ(r.code, 202) << r.body;
    EXPECT_FALSE(parse_json(r.body)["dry_run"].GetBool());
    expect_error(post("/api/execute?dry_run=false", R"({"dry_run": true})", json), 400, "invalid_parameter",
                 "dry_run");
    expect_error(post("/api/execute", R"({"dry_run": "perhaps"})", json), 400, "invalid_parameter", "dry_run");
}

TEST_F(ApiTest, QueryValuesArePercentDecoded) {
    const auto r = post("/api/execute?context=nightly%3Arun%2E1&dry_run=%74rue");
    ASSERT_EQ(r.code, 202) << r.body;
    const auto job = parse_json(r.body);
    EXPECT_STREQ(job["context"].GetString(), "nightly:run.1");
    EXPECT_TRUE(job["dry_run"].GetBool());
    expect_error(post("/api/execute?context=bad%zz"), 400, "invalid_encoding", "context");
}

TEST_F(ApiTest, BadParametersAre400NamingTheParameter) {
    expect_error(post("/api/execute?hash=abc"), 400, "invalid_parameter", "hash");
    expect_error(post("/api/execute?hash=" + std::string(40, 'z')), 400, "invalid_parameter", "hash");
    expect_error(post("/api/execute?context=has%20space"), 400, "invalid_parameter", "context");
    expect_error(post("/api/execute?context=" + std::string(65, 'a')), 400, "invalid_parameter", "context");
    expect_error(post("/api/execute?context="), 400, "invalid_parameter", "context");
    expect_error(post("/api/execute?dry_run=perhaps"), 400, "invalid_parameter", "dry_run");
    expect_error(post("/api/execute", "x", {kKeyHeader, "Content-Type: text/plain"}), 415,
                 "unsupported_media_type", "Content-Type");
    EXPECT_EQ(server.queue->list(std::nullopt, std::nullopt, 100, 0).total, 0u) << "nothing may be queued";
}

TEST_F(ApiTest, AuthByHeaderQueryKeyAndApiKey) {
    EXPECT_EQ(post("/api/execute", "", {kKeyHeader}).code, 202);
    EXPECT_EQ(post("/api/execute?key=" + std::string(qt::kApiKey), "", {}).code, 202);
    EXPECT_EQ(post("/api/execute?api-key=" + std::string(qt::kApiKey), "", {}).code, 202);
    EXPECT_EQ(http_request("GET", server.url("/api/jobs?key=" + std::string(qt::kApiKey))).code, 200);
    expect_error(post("/api/execute", "", {}), 401, "unauthorized", "X-API-Key");
    expect_error(post("/api/execute?key=wrong", "", {}), 401, "unauthorized", "invalid API key");
    expect_error(post("/api/execute", "", {"X-API-Key: wrong"}), 401, "unauthorized", "invalid API key");
    expect_error(http_request("GET", server.url("/api/stats"), "", {"X-API-Key: " + std::string(qt::kApiKey) + "x"}),
                 401, "unauthorized", "invalid API key");
    EXPECT_EQ(server.queue->list(std::nullopt, std::nullopt, 100, 0).total, 3u);
}

TEST_F(ApiTest, PercentEncodedKeyIsDecoded) {
    qt::TestServer other([](qbt::config::Config& c) { c.server.api_key = "key with+plus/and space"; });
    other.start();
    const auto r = http_request("POST", other.url("/api/execute?key=key%20with%2Bplus%2Fand+space"));
    EXPECT_EQ(r.code, 202) << r.body;
}

TEST_F(ApiTest, TriggerKeyMayOnlyQueueJobs) {
    const std::string trigger = std::string("X-API-Key: ") + qt::kTriggerKey;
    const auto r = post("/api/execute?context=hook", "", {trigger});
    ASSERT_EQ(r.code, 202) << r.body;
    const std::string id = parse_json(r.body)["job_id"].GetString();
    expect_error(http_request("GET", server.url("/api/jobs"), "", {trigger}), 403, "forbidden", "trigger key");
    expect_error(http_request("GET", server.url("/api/jobs/" + id), "", {trigger}), 403, "forbidden", "trigger key");
    expect_error(http_request("DELETE", server.url("/api/jobs/" + id), "", {trigger}), 403, "forbidden",
                 "trigger key");
    expect_error(http_request("GET", server.url("/api/stats?key=" + std::string(qt::kTriggerKey))), 403,
                 "forbidden", "trigger key");
}

TEST_F(ApiTest, UnknownPathIsJson404AndWrongMethodJson405) {
    expect_error(http_request("GET", server.url("/api/nothing-here"), "", {kKeyHeader}), 404, "not_found",
                 "/api/nothing-here");
    expect_error(http_request("GET", server.url("/api"), ""), 404, "not_found", "endpoints");
    EXPECT_EQ(http_request("GET", server.url("/"), "").code, 200);  // the dashboard (tests/dashboard)
    auto r = http_request("GET", server.url("/api/execute"), "", {kKeyHeader});
    expect_error(r, 405, "method_not_allowed", "allowed: POST");
    EXPECT_EQ(r.allow, "POST");
    r = http_request("PUT", server.url("/api/jobs/abc"), "", {kKeyHeader});
    expect_error(r, 405, "method_not_allowed", "GET, DELETE");
    expect_error(http_request("POST", server.url("/api/health")), 405, "method_not_allowed", "GET");
    expect_error(http_request("DELETE", server.url("/api/jobs")), 405, "method_not_allowed", "GET");
}

TEST(ApiLimits, OversizeRequestIsRejected) {
    qt::TestServer server([](qbt::config::Config& c) { c.server.max_request_bytes = 8192; });
    server.start();
    const std::string big = "context=x&pad=" + std::string(20000, 'a');
    const auto r = http_request("POST", server.url("/api/execute"), big,
                                {kKeyHeader, "Content-Type: application/x-www-form-urlencoded"});
    EXPECT_EQ(r.code, 413) << r.body << r.curl_error;
    EXPECT_EQ(server.queue->list(std::nullopt, std::nullopt, 100, 0).total, 0u);
    // Below the limit (and above Pistache's 4 KiB default) is fine.
    const std::string medium = "context=x&pad=" + std::string(6000, 'a');
    EXPECT_EQ(http_request("POST", server.url("/api/execute"), medium,
                           {kKeyHeader, "Content-Type: application/x-www-form-urlencoded"}).code, 202);
}

TEST(ApiStartup, RefusesMissingOrPlaceholderKey) {
    for (const std::string key : {std::string(), std::string(qbt::config::kPlaceholderApiKey)}) {
        qt::TestServer s([&](qbt::config::Config& c) { c.server.api_key = key; });
        try {
            s.start();
            ADD_FAILURE() << "started with api_key '" << key << "'";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("server.api_key"), std::string::npos) << e.what();
        }
    }
}

TEST(ApiStartup, PortInUseIsAClearError) {
    qt::TestServer first;
    first.start();
    const int port = first.server->port();
    ASSERT_GT(port, 0);
    qt::TestServer second([&](qbt::config::Config& c) { c.server.port = port; });
    try {
        second.start();
        ADD_FAILURE() << "a second server bound the same port";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
    }
    EXPECT_EQ(http_request("GET", first.url("/api/health")).code, 200) << "the first server still answers";
}

}  // namespace
