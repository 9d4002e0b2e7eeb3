// The arr_blocklist action (qbt-rules 0.6 semantics) through the real Engine over a
// FakeWebApi, against FakeArr, a Sonarr/Radarr stand-in on 127.0.0.1: paging, several
// records per torrent, unknown torrents, search: false, dry run, a wrong key, and the key
// never in a log line; what was removed in the job's audit (ABI 1.3 audit_note), and only
// in the log on a 1.2 host. The same action against a real qBittorrent: compat06_e2e_test.cpp.
#include "engine/engine.hpp"
#include "fake_arr.hpp"
#include "fake_web_api.hpp"
#include "plugin/builtin_plugins.hpp"
#include "rules/rules_loader.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstddef>
#include <memory>
#include <sstream>

namespace qbt::testing {
namespace {

const std::string kHashA = "aaaa00000000000000000000000000000000000a";
const std::string kHashB = "bbbb00000000000000000000000000000000000b";
const std::string kKey = "sonarr-key-0f3e9c1d7b";

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

class ArrBlocklist : public ::testing::Test {
protected:
    void SetUp() override {
        api.add_torrent(R"({"hash":")" + kHashA + R"(","name":"Show.S01.1080p","ratio":0.1,"tags":"","category":"tv"})");
        api.add_torrent(R"({"hash":")" + kHashB + R"(","name":"Other.S02E01","ratio":0.1,"tags":"","category":"tv"})");
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
        spdlog::default_logger()->sinks().push_back(sink);
    }
    void TearDown() override { spdlog::default_logger()->sinks().pop_back(); }

    // Loads the plugins with integrations.<service> pointing at `arr`, as the host does.
    void connect(const std::string& service, const FakeArr& arr, const std::string& key = kKey) {
        plugins_ = plugin::load_builtin_plugins(
            {{"org.qbt-rules.arr",
              "{\"" + service + "\":{\"url\":\"" + arr.url() + "/\",\"api_key\":\"" + key + "\"}}"}});
    }

    std::string load_error(const std::string& yaml) {
        auto loaded = rules::load_rules_text(yaml, "rules.yml", plugins_->registry());
        return loaded.errors.empty() ? "" : loaded.errors.front().to_string();
    }

    // `host_12`: hand the action a host table as a 1.2 host has it (no audit_note).
    engine::JobOutcome run(const std::string& params, bool dry_run = false, const std::string& match = "S0",
                           bool host_12 = false) {
        const std::string yaml = "rules:\n  - id: blocklist-bad\n    conditions: [{field: info.name, operator: contains, value: '" +
                                 match + "'}]\n    actions: [{type: arr_blocklist, params: " + params + "}]\n";
        auto loaded = rules::load_rules_text(yaml, "rules.yml", plugins_->registry());
        for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
        if (!loaded.rules) return {false, "", "rules did not load"};
        auto rules = loaded.rules;
        engine::EngineOptions options;
        options.host_table = [this, host_12](const plugin::LoadedPlugin* p) {
            if (!host_12) return plugins_->host_table_for(p);
            old_host_ = *plugins_->host_table_for(p);
            old_host_.struct_size = offsetof(qbt_host, audit_note);
            return static_cast<const qbt_host*>(&old_host_);
        };
        engine::Engine engine([rules] { return rules; }, api, plugins_->registry(), options);
        return engine.run({"job-arr", std::nullopt, std::nullopt, dry_run});
    }

    FakeWebApi api;
    std::unique_ptr<plugin::PluginHost> plugins_;
    std::ostringstream log_;
    qbt_host old_host_{};
};

// The note of the audit's entry for `hash` ("" when none).
std::string note_of(const std::string& audit_json, const std::string& hash) {
    rapidjson::Document audit;
    audit.Parse(audit_json.c_str());
    if (audit.HasParseError() || !audit.IsObject() || !audit["actions"].IsArray()) return "";
    for (const auto& entry : audit["actions"].GetArray())
        if (entry["hash"].GetString() == hash && entry.HasMember("note")) return entry["note"].GetString();
    return "";
}

TEST_F(ArrBlocklist, SeasonPackOnThesecondPageEveryRecordBlocklistedThenOneEpisodeSearch) {
    std::vector<ArrRecord> records;
    for (int i = 1; i <= 260; ++i) records.push_back({i, "OTHER" + std::to_string(i), 1000 + i});
    records.push_back({301, upper(kHashA), 11});  // page 2 (pageSize 250): three episodes of one pack
    records.push_back({302, upper(kHashA), 12});
    records.push_back({303, upper(kHashA), 13});
    FakeArr sonarr("episodeId", kKey, records);
    connect("sonarr", sonarr);
    const auto outcome = run("{service: sonarr}", false, "Show");
    ASSERT_TRUE(outcome.ok) << outcome.error;

    const auto gets = sonarr.calls("GET");
    ASSERT_EQ(gets.size(), 2u);  // 263 records: two pages of 250
    EXPECT_EQ(gets[0].target, "/api/v3/queue?page=1&pageSize=250");
    EXPECT_EQ(gets[1].target, "/api/v3/queue?page=2&pageSize=250");
    const auto deletes = sonarr.calls("DELETE");
    ASSERT_EQ(deletes.size(), 3u);
    EXPECT_EQ(deletes[0].target, "/api/v3/queue/301?removeFromClient=false&blocklist=true");
    EXPECT_EQ(deletes[2].target, "/api/v3/queue/303?removeFromClient=false&blocklist=true");
    const auto posts = sonarr.calls("POST");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].target, "/api/v3/command");
    EXPECT_EQ(posts[0].body, R"({"name":"EpisodeSearch","episodeIds":[11,12,13]})");
    for (const auto& call : sonarr.calls()) EXPECT_EQ(call.api_key, kKey);
    EXPECT_EQ(sonarr.queue().size(), 260u);  // the pack's records left the queue
    EXPECT_NE(outcome.audit_json.find("\"action\":\"arr_blocklist\""), std::string::npos) << outcome.audit_json;
    EXPECT_NE(outcome.audit_json.find("\"outcome\":\"ok\""), std::string::npos) << outcome.audit_json;
    EXPECT_NE(log_.str().find("blocklisted sonarr queue record(s) 301,302,303 of torrent " + kHashA), std::string::npos)
        << log_.str();
    EXPECT_EQ(log_.str().find(kKey), std::string::npos) << "the API key reached the log";
    EXPECT_EQ(note_of(outcome.audit_json, kHashA),
              "removed sonarr queue record(s) 301,302,303 with blocklisting (downloadId " + upper(kHashA) +
                  ", episode(s) 11,12,13); sent EpisodeSearch for episode(s) 11,12,13")
        << outcome.audit_json;
    EXPECT_EQ(outcome.audit_json.find(kKey), std::string::npos);
}

TEST_F(ArrBlocklist, OnA12HostTheRemovalsAreInTheLogLineOnly) {
    FakeArr sonarr("episodeId", kKey, {{5, upper(kHashA), 21}});
    connect("sonarr", sonarr);
    const auto outcome = run("{service: sonarr}", false, "Show", true);
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(sonarr.calls("DELETE").size(), 1u);
    EXPECT_NE(outcome.audit_json.find("\"outcome\":\"ok\""), std::string::npos) << outcome.audit_json;
    EXPECT_EQ(note_of(outcome.audit_json, kHashA), "") << outcome.audit_json;
    EXPECT_NE(log_.str().find("blocklisted sonarr queue record(s) 5 of torrent " + kHashA), std::string::npos)
        << log_.str();
    EXPECT_EQ(log_.str().find("audit note not recorded"), std::string::npos) << log_.str();
}

TEST_F(ArrBlocklist, RadarrMoviesSearchAndSearchFalseBlocklistsOnly) {
    FakeArr radarr("movieId", kKey, {{7, upper(kHashA), 55}, {8, upper(kHashB), 56}});
    connect("radarr", radarr);
    ASSERT_TRUE(run("{service: radarr}", false, "Show").ok);
    ASSERT_EQ(radarr.calls("POST").size(), 1u);
    EXPECT_EQ(radarr.calls("POST")[0].body, R"({"name":"MoviesSearch","movieIds":[55]})");
    ASSERT_TRUE(run("{service: radarr, search: false}", false, "Other").ok);
    EXPECT_EQ(radarr.calls("DELETE").size(), 2u);
    EXPECT_EQ(radarr.calls("POST").size(), 1u);  // no second search
    EXPECT_TRUE(radarr.queue().empty());
}

TEST_F(ArrBlocklist, TorrentTheServiceDoesNotKnowIsNothingToDo) {
    FakeArr sonarr("episodeId", kKey, {{1, "UNRELATED", 1}});
    connect("sonarr", sonarr);
    const auto outcome = run("{service: sonarr}");
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(sonarr.calls("GET").size(), 1u);  // one queue read for the batch of two
    EXPECT_TRUE(sonarr.calls("DELETE").empty());
    EXPECT_TRUE(sonarr.calls("POST").empty());
    EXPECT_NE(log_.str().find("not found in sonarr's queue: nothing to do"), std::string::npos) << log_.str();
    EXPECT_EQ(note_of(outcome.audit_json, kHashB),
              "not in sonarr's queue (downloadId " + upper(kHashB) + "): nothing to do")
        << outcome.audit_json;
}

TEST_F(ArrBlocklist, DryRunReadsTheQueueAndListsThePlanChangingNothing) {
    FakeArr sonarr("episodeId", kKey, {{5, upper(kHashA), 21}, {6, upper(kHashA), 22}});
    connect("sonarr", sonarr);
    const auto outcome = run("{service: sonarr}", true, "Show");
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_TRUE(sonarr.calls("DELETE").empty());
    EXPECT_TRUE(sonarr.calls("POST").empty());
    EXPECT_EQ(sonarr.queue().size(), 2u);
    EXPECT_NE(log_.str().find("dry run: would blocklist sonarr queue record(s) 5,6 of torrent " + kHashA +
                              "; search episode(s) 21,22"),
              std::string::npos)
        << log_.str();
    EXPECT_NE(outcome.result_json.find("arr_blocklist"), std::string::npos) << outcome.result_json;  // planned
    rapidjson::Document result;
    result.Parse(outcome.result_json.c_str());
    ASSERT_TRUE(result.HasMember("planned") && result["planned"].Size() == 1u) << outcome.result_json;
    EXPECT_STREQ(result["planned"][0]["note"].GetString(),
                 ("would remove sonarr queue record(s) 5,6 with blocklisting (downloadId " + upper(kHashA) +
                  ", episode(s) 21,22); would send EpisodeSearch for episode(s) 21,22")
                     .c_str());
}

TEST_F(ArrBlocklist, WrongKeyIsAClearActionErrorAndNeverLogged) {
    FakeArr sonarr("episodeId", kKey, {{5, upper(kHashA), 21}});
    connect("sonarr", sonarr, "wrong-key-77aa");
    const auto outcome = run("{service: sonarr}", false, "Show");
    ASSERT_TRUE(outcome.ok) << outcome.error;  // the job ends; the action failed
    EXPECT_NE(outcome.audit_json.find("HTTP 401 Unauthorized (check integrations.sonarr.api_key)"), std::string::npos)
        << outcome.audit_json;
    EXPECT_TRUE(sonarr.calls("DELETE").empty());
    EXPECT_EQ(log_.str().find("wrong-key-77aa"), std::string::npos) << log_.str();
    EXPECT_EQ(outcome.audit_json.find("wrong-key-77aa"), std::string::npos);
}

TEST_F(ArrBlocklist, BadParamsAndMissingConnectionFailAtLoadNamingWhat) {
    FakeArr sonarr("episodeId", kKey, {});
    connect("sonarr", sonarr);
    const std::string head = "rules:\n  - id: x\n    conditions: [{field: info.name, operator: contains, value: a}]\n"
                             "    actions: [{type: arr_blocklist, params: ";
    EXPECT_NE(load_error(head + "{}}]\n").find("param 'service' is required"), std::string::npos);
    EXPECT_NE(load_error(head + "{service: overseerr}}]\n").find("overseerr is not one of sonarr, radarr"),
              std::string::npos)
        << load_error(head + "{service: overseerr}}]\n");
    EXPECT_NE(load_error(head + "{service: radarr}}]\n").find("integrations.radarr.url is not set"), std::string::npos);
    EXPECT_NE(load_error(head + "{service: sonarr, search: maybe}}]\n").find("param 'search' must be true or false"),
              std::string::npos);
    EXPECT_EQ(load_error(head + "{service: sonarr, search: false, remove_from_client: false}}]\n"), "");
}

}  // namespace
}  // namespace qbt::testing
