// A real job (in-process server, real Engine, real qbittorrent-nox): GET
// /api/jobs/:id/actions lists each executed action per torrent with its outcome and
// redacted params; the other job answers carry no audit.
#include "http_receiver.hpp"
#include "webapi/curl_web_api.hpp"
#include "qbt_lab.hpp"
#include "real_server.hpp"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace qbt::testing {
namespace {

std::string text_of(const rapidjson::Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v.Accept(w);
    return buffer.GetString();
}

class AuditReal : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        builtin_plugins();
        lab = QbtLab::start().release();
        std::vector<TorrentSpec> specs(3);
        specs[0].name = "audit-1";
        specs[1].name = "audit-2";
        specs[2].name = "other";
        hashes = lab->add_torrents(specs);
        api = new webapi::CurlWebApi(lab->client_config());
        ok_receiver = new HttpReceiver();
        bad_receiver = new HttpReceiver({404, 404, 404, 404});
        const std::string rules =
            "rules:\n"
            "  - name: Tag audit\n"
            "    conditions: [{field: info.name, operator: contains, value: audit-}]\n"
            "    actions:\n"
            "      - {type: add_tag, params: {tags: [audited]}}\n"
            "      - {type: notify, params: {service: webhook, url: '" + ok_receiver->url("/hook/token-xyz") + "'}}\n"
            "  - name: Notify other\n"
            "    conditions: [{field: info.name, operator: ==, value: other}]\n"
            "    actions:\n"
            "      - {type: notify, params: {service: discord, url: '" + bad_receiver->url("/gone/token-abc") +
            "', retries: 0}}\n";
        server = new RealServer(*api, rules);
    }
    static void TearDownTestSuite() {
        delete server;
        delete bad_receiver;
        delete ok_receiver;
        delete api;
        delete lab;
    }

    static QbtLab* lab;
    static std::vector<std::string> hashes;
    static webapi::CurlWebApi* api;
    static HttpReceiver* ok_receiver;
    static HttpReceiver* bad_receiver;
    static RealServer* server;
};
QbtLab* AuditReal::lab = nullptr;
std::vector<std::string> AuditReal::hashes;
webapi::CurlWebApi* AuditReal::api = nullptr;
HttpReceiver* AuditReal::ok_receiver = nullptr;
HttpReceiver* AuditReal::bad_receiver = nullptr;
RealServer* AuditReal::server = nullptr;

TEST_F(AuditReal, DryRunJobRecordsNothingAndItsPlanHidesSecrets) {
    const std::string id = server->run_job("?dry_run=true");
    long code = 0;
    auto actions = get_json(server->url("/api/jobs/" + id + "/actions"), &code);
    ASSERT_EQ(code, 200);
    EXPECT_EQ(actions["actions"].Size(), 0u);
    EXPECT_TRUE(actions["dry_run"].GetBool());
    auto job = get_json(server->url("/api/jobs/" + id));
    const std::string result = text_of(job["result"]);
    EXPECT_NE(result.find("\"url\":\"***\""), std::string::npos) << result;
    EXPECT_EQ(result.find("token-"), std::string::npos) << result;
    EXPECT_EQ(ok_receiver->count(), 0u);
}

TEST_F(AuditReal, EachExecutedActionIsListedWithItsOutcome) {
    const std::string id = server->run_job();
    long code = 0;
    auto answer = get_json(server->url("/api/jobs/" + id + "/actions"), &code);
    ASSERT_EQ(code, 200);
    EXPECT_EQ(answer["job_id"].GetString(), id);
    EXPECT_STREQ(answer["status"].GetString(), "completed");
    const auto& actions = answer["actions"];
    ASSERT_EQ(actions.Size(), 5u) << text_of(answer);  // 2 x add_tag, 2 x notify, 1 failed notify

    std::map<std::string, int> seen;  // "action hash outcome"
    for (const auto& a : actions.GetArray()) {
        seen[std::string(a["action"].GetString()) + " " + a["hash"].GetString() + " " +
             std::string(a["outcome"].GetString()).substr(0, 5)]++;
        if (std::string(a["action"].GetString()) == "notify")
            EXPECT_STREQ(a["params"]["url"].GetString(), "***");
        if (std::string(a["action"].GetString()) == "add_tag") {
            EXPECT_STREQ(a["params"]["tags"][0].GetString(), "audited");
            EXPECT_STREQ(a["rule"].GetString(), "Tag audit");
        }
    }
    EXPECT_EQ(seen["add_tag " + hashes[0] + " ok"], 1);
    EXPECT_EQ(seen["add_tag " + hashes[1] + " ok"], 1);
    EXPECT_EQ(seen["notify " + hashes[0] + " ok"], 1);
    EXPECT_EQ(seen["notify " + hashes[1] + " ok"], 1);
    EXPECT_EQ(seen["notify " + hashes[2] + " error"], 1);
    const std::string body = text_of(answer);
    EXPECT_EQ(body.find("token-"), std::string::npos) << body;
    EXPECT_NE(body.find("HTTP 404"), std::string::npos) << body;
    EXPECT_NE(body.find("\"name\":\"audit-1\""), std::string::npos) << body;

    // The job itself and the listing stay lean.
    auto job = get_json(server->url("/api/jobs/" + id));
    EXPECT_FALSE(job.HasMember("audit"));
    auto list = get_json(server->url("/api/jobs"));
    for (const auto& j : list["jobs"].GetArray()) EXPECT_FALSE(j.HasMember("audit"));

    // A second job: the tags are in place (skipped, not listed); notifications go again.
    const std::string again = server->run_job();
    auto second = get_json(server->url("/api/jobs/" + again + "/actions"));
    ASSERT_EQ(second["actions"].Size(), 3u) << text_of(second);
    for (const auto& a : second["actions"].GetArray()) EXPECT_STREQ(a["action"].GetString(), "notify");
    EXPECT_NE(lab->info_json(hashes[0]).find("audited"), std::string::npos);
}

TEST_F(AuditReal, UnknownJobIs404) {
    long code = 0;
    auto answer = get_json(server->url("/api/jobs/00000000-0000-4000-8000-000000000000/actions"), &code);
    EXPECT_EQ(code, 404);
    EXPECT_STREQ(answer["error"].GetString(), "not_found");
}

}  // namespace
}  // namespace qbt::testing
