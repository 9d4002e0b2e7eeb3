// POST /api/preview against a real qbittorrent-nox: per rule the matched torrents and
// the planned actions (those already in place left out), nothing changed, nothing
// queued; rules sent with the request; errors; the --preview table.
#include "client/client.hpp"
#include "webapi/curl_web_api.hpp"
#include "qbt_lab.hpp"
#include "real_server.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace qbt::testing {
namespace {

const char* kServerRules = R"(
rules:
  - name: Tag alpha
    conditions: [{field: info.name, operator: contains, value: alpha}]
    actions: [{type: add_tag, params: {tags: [seen]}}]
  - name: Categorise beta
    context: weekly
    conditions: [{field: info.name, operator: contains, value: beta}]
    actions: [{type: set_category, params: {category: betas}}]
)";

class PreviewReal : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        builtin_plugins();
        lab = QbtLab::start().release();
        std::vector<TorrentSpec> specs(4);
        specs[0].name = "alpha-1";
        specs[1].name = "alpha-2";
        specs[1].tags = {"seen"};
        specs[1].paused = true;  // its state has a name per version (pausedUP / stoppedUP)
        specs[2].name = "beta-1";
        specs[3].name = "gamma";
        hashes = lab->add_torrents(specs);
        api = new webapi::CurlWebApi(lab->client_config());
        server = new RealServer(*api, kServerRules);
    }
    static void TearDownTestSuite() {
        delete server;
        delete api;
        delete lab;
    }

    // hash -> "tags|category" as qBittorrent reports them now.
    static std::map<std::string, std::string> state() {
        rapidjson::Document doc;
        doc.Parse(lab->get("torrents/info").c_str());
        std::map<std::string, std::string> out;
        for (const auto& t : doc.GetArray())
            out[t["hash"].GetString()] = std::string(t["tags"].GetString()) + "|" + t["category"].GetString();
        return out;
    }

    static const rapidjson::Value* rule(const rapidjson::Document& preview, const std::string& name) {
        for (const auto& r : preview["rules"].GetArray())
            if (name == r["name"].GetString()) return &r;
        return nullptr;
    }

    static QbtLab* lab;
    static std::vector<std::string> hashes;
    static webapi::CurlWebApi* api;
    static RealServer* server;
};
QbtLab* PreviewReal::lab = nullptr;
std::vector<std::string> PreviewReal::hashes;
webapi::CurlWebApi* PreviewReal::api = nullptr;
RealServer* PreviewReal::server = nullptr;

TEST_F(PreviewReal, PlansWithTheServerRulesAndChangesNothing) {
    const auto before = state();
    long code = 0;
    auto preview = post_json(server->url("/api/preview"), "", &code);
    ASSERT_EQ(code, 200);
    EXPECT_STREQ(preview["rules_source"].GetString(), "server");
    ASSERT_EQ(preview["rules"].Size(), 1u);  // "Categorise beta" is bound to context weekly
    const rapidjson::Value* tag = rule(preview, "Tag alpha");
    ASSERT_NE(tag, nullptr);
    EXPECT_EQ((*tag)["matched_count"].GetInt(), 2);
    ASSERT_EQ((*tag)["matched"].Size(), 2u);
    for (const auto& m : (*tag)["matched"].GetArray()) {  // qBittorrent's own state, as it spells it
        rapidjson::Document info;
        info.Parse(lab->info_json(m["hash"].GetString()).c_str());
        EXPECT_STREQ(m["state"].GetString(), info[0]["state"].GetString()) << m["name"].GetString();
        if (std::string(m["name"].GetString()) == "alpha-2") EXPECT_TRUE(is_stopped_state(m["state"].GetString()));
    }
    ASSERT_EQ((*tag)["planned"].Size(), 1u);  // alpha-2 already has the tag
    const auto& planned = (*tag)["planned"][0];
    EXPECT_EQ(planned["hash"].GetString(), hashes[0]);
    EXPECT_STREQ(planned["name"].GetString(), "alpha-1");
    EXPECT_STREQ(planned["action"].GetString(), "add_tag");
    EXPECT_STREQ(planned["params"]["tags"][0].GetString(), "seen");
    EXPECT_EQ(preview["stats"]["total_torrents"].GetInt(), 4);
    EXPECT_EQ(preview["stats"]["actions_planned"].GetInt(), 1);
    EXPECT_EQ(preview["stats"]["actions_in_place"].GetInt(), 1);

    EXPECT_EQ(state(), before);  // dry-run: qBittorrent unchanged
    auto jobs = get_json(server->url("/api/jobs"));
    EXPECT_EQ(jobs["total"].GetUint64(), 0u);  // and nothing queued
}

TEST_F(PreviewReal, ContextAndHashSelectRulesAndTorrents) {
    long code = 0;
    auto weekly = post_json(server->url("/api/preview?context=weekly"), "", &code);
    ASSERT_EQ(code, 200);
    ASSERT_EQ(weekly["rules"].Size(), 2u);
    const rapidjson::Value* beta = rule(weekly, "Categorise beta");
    ASSERT_NE(beta, nullptr);
    ASSERT_EQ((*beta)["planned"].Size(), 1u);
    EXPECT_STREQ((*beta)["planned"][0]["params"]["category"].GetString(), "betas");

    auto one = post_json(server->url("/api/preview"), R"({"hash":")" + hashes[0] + R"(","context":"weekly"})", &code);
    ASSERT_EQ(code, 200);
    EXPECT_EQ(one["stats"]["total_torrents"].GetInt(), 1);
    EXPECT_EQ(one["hash"].GetString(), hashes[0]);
    EXPECT_EQ((*rule(one, "Categorise beta"))["matched_count"].GetInt(), 0);
}

TEST_F(PreviewReal, TriesRulesSentWithTheRequest) {
    const auto before = state();
    const std::string body = R"({"rules": "rules:\n  - name: Drop gamma\n    conditions: [{field: info.name, operator: ==, value: gamma}]\n    actions: [{type: delete_torrent}]\n"})";
    long code = 0;
    auto preview = post_json(server->url("/api/preview"), body, &code);
    ASSERT_EQ(code, 200) << preview["message"].GetString();
    EXPECT_STREQ(preview["rules_source"].GetString(), "request");
    const rapidjson::Value* drop = rule(preview, "Drop gamma");
    ASSERT_NE(drop, nullptr);
    ASSERT_EQ((*drop)["planned"].Size(), 1u);
    EXPECT_EQ((*drop)["planned"][0]["hash"].GetString(), hashes[3]);
    EXPECT_EQ(state(), before);  // gamma is still there
}

TEST_F(PreviewReal, BadRulesAnswer400WithDiagnostics) {
    const std::string body = R"({"rules": "rules:\n  - name: Broken\n    conditions: [{field: info.name, operator: contains, value: x}]\n    actions: [{type: no_such_action}]\n"})";
    long code = 0;
    auto answer = post_json(server->url("/api/preview"), body, &code);
    ASSERT_EQ(code, 400);
    EXPECT_STREQ(answer["error"].GetString(), "invalid_rules");
    ASSERT_GE(answer["diagnostics"].Size(), 1u);
    EXPECT_EQ(answer["diagnostics"][0]["line"].GetInt(), 4);
    EXPECT_STREQ(answer["diagnostics"][0]["rule"].GetString(), "Broken");
    EXPECT_NE(std::string(answer["message"].GetString()).find("no_such_action"), std::string::npos);
}

TEST_F(PreviewReal, BadRequestsAreRefusedClearly) {
    long code = 0;
    post_json(server->url("/api/preview?hash=xyz"), "", &code);
    EXPECT_EQ(code, 400);
    post_json(server->url("/api/preview"), R"({"contxt":"a"})", &code);
    EXPECT_EQ(code, 400);
    post_json(server->url("/api/preview"), "context=a", &code, "application/x-www-form-urlencoded");
    EXPECT_EQ(code, 415);
    post_json(server->url("/api/preview?context=a"), R"({"context":"b"})", &code);
    EXPECT_EQ(code, 400);
    auto unknown = post_json(server->url("/api/preview"), R"({"hash":")" + std::string(40, 'f') + R"("})", &code);
    EXPECT_EQ(code, 502);
    EXPECT_NE(std::string(unknown["message"].GetString()).find("no torrent with hash"), std::string::npos);
    post_json(server->url("/api/preview"), "", &code, "application/json", false);
    EXPECT_EQ(code, 401);
}

TEST_F(PreviewReal, ClientPrintsATable) {
    config::Config cfg;
    cfg.client.server_url = server->url("");
    cfg.client.api_key = kApiKey;
    std::ostringstream out, err;
    const int rc = client::run_client(cfg, client::PreviewCommand{std::string("weekly"), std::nullopt, std::nullopt},
                                      client::ClientIo{out, err});
    ASSERT_EQ(rc, client::kCompleted) << err.str();
    const std::string table = out.str();
    EXPECT_NE(table.find("Rule \"Tag alpha\": 2 matched, 1 planned"), std::string::npos) << table;
    EXPECT_NE(table.find("add_tag {\"tags\":[\"seen\"]}  ->  alpha-1"), std::string::npos) << table;
    EXPECT_NE(table.find("(already in place)  alpha-2"), std::string::npos) << table;
    EXPECT_NE(table.find("set_category {\"category\":\"betas\"}  ->  beta-1"), std::string::npos) << table;
}

}  // namespace
}  // namespace qbt::testing
