// The engine against a real qbittorrent-nox (tests/harness QbtLab) with the real core
// plugins and CurlWebApi: dry-run changes nothing, a real run changes exactly what it
// reports, a second run is all skips with zero write calls.
#include "engine/engine.hpp"
#include "rules/rules_loader.hpp"
#include "plugin/builtin_plugins.hpp"
#include "webapi/curl_web_api.hpp"
#include "qbt_lab.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::rules;

namespace {

// Used when config/rules.default.yml is not there (yet).
const char* kFallbackRules = R"(
rules:
  - name: Tag private tracker torrents
    conditions:
      - {field: trackers.url, operator: contains, value: /private/}
    actions:
      - {type: add_tag, params: {tags: [private]}}
  - name: Categorise linux
    conditions:
      all:
        - {field: info.name, operator: contains, value: linux}
      none:
        - {field: info.category, operator: ==, value: keep}
    actions:
      - {type: set_category, params: {category: linux}}
      - {type: set_upload_limit, params: {limit: 1 MiB}}
  - name: Stop tagged old
    conditions:
      - {field: info.tags, operator: in, value: [old]}
    actions:
      - {type: stop}
)";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool is_write(const std::string& endpoint) {
    for (const char* read : {"torrents/info", "torrents/properties", "torrents/trackers", "torrents/files",
                             "torrents/webseeds", "sync/torrentPeers", "sync/maindata", "transfer/info",
                             "app/preferences", "app/webapiVersion", "app/version", "auth/login"})
        if (endpoint == read) return false;
    return true;
}

int writes_in(const rapidjson::Document& result) {
    int n = 0;
    for (auto& m : result["api_calls"].GetObject())
        if (is_write(m.name.GetString())) n += m.value.GetInt();
    return n;
}

int total_calls(const rapidjson::Document& result) {
    int n = 0;
    for (auto& m : result["api_calls"].GetObject()) n += m.value.GetInt();
    return n;
}

class EngineReal : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        plugins = plugin::load_builtin_plugins().release();
        lab = qbt::testing::QbtLab::start().release();
    }
    static void TearDownTestSuite() {
        delete lab;
        delete plugins;
    }

    std::shared_ptr<const RuleSet> load_rules() {
        const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
        std::filesystem::path path = std::filesystem::path(root ? root : ".") / "config" / "rules.default.yml";
        std::string yaml = std::filesystem::exists(path) ? read_file(path) : kFallbackRules;
        std::cout << "rules: " << (std::filesystem::exists(path) ? path.string() : "built-in fallback") << "\n";
        LoadResult loaded = load_rules_text(yaml, path.filename().string(), plugins->registry());
        for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
        return loaded.rules;
    }

    rapidjson::Document run(Engine& engine, JobRequest request) {
        JobOutcome outcome = engine.run(request);
        EXPECT_TRUE(outcome.ok) << outcome.error;
        rapidjson::Document doc;
        doc.Parse(outcome.result_json.c_str());
        std::cout << request.job_id << ": " << outcome.result_json.substr(0, 600) << "\n";
        return doc;
    }

    static std::vector<qbt::testing::TorrentSpec> specs(int count, int offset) {
        std::vector<qbt::testing::TorrentSpec> out;
        for (int i = 0; i < count; ++i) {
            qbt::testing::TorrentSpec s;
            int n = offset + i;
            s.name = (n % 3 == 0 ? "linux-iso-" : "data-") + std::to_string(n);
            if (n % 4 == 0) s.tracker = "http://127.0.0.1:9/private/announce?passkey=" + std::to_string(n);
            if (n % 5 == 0) s.tags = {"old"};
            if (n % 6 == 0) s.category = "keep";
            out.push_back(s);
        }
        return out;
    }

    static plugin::PluginHost* plugins;
    static qbt::testing::QbtLab* lab;
};
plugin::PluginHost* EngineReal::plugins = nullptr;
qbt::testing::QbtLab* EngineReal::lab = nullptr;

TEST_F(EngineReal, DryRunThenRealRunThenAllSkips) {
    lab->add_torrents(specs(30, 0));
    auto rules = load_rules();
    ASSERT_TRUE(rules);
    webapi::CurlWebApi api(lab->client_config());
    Engine engine([rules] { return rules; }, api, plugins->registry(),
                  EngineOptions{false, 50, [](const plugin::LoadedPlugin* p) { return plugins->host_table_for(p); }});
    // Default rules may be context-bound: run the plain job and each context they name.
    std::vector<std::optional<std::string>> contexts{std::nullopt};
    for (const Rule& r : rules->rules)
        for (const auto& c : r.contexts)
            if (std::find(contexts.begin(), contexts.end(), std::optional<std::string>(c)) == contexts.end())
                contexts.emplace_back(c);

    for (const auto& context : contexts) {
        std::string label = context.value_or("none");
        std::string before = lab->get("torrents/info?sort=hash");
        auto dry = run(engine, {.job_id = "dry-" + label, .context = context, .dry_run = true});
        EXPECT_EQ(writes_in(dry), 0);
        EXPECT_EQ(dry["actions_executed"].GetInt(), 0);
        int planned = static_cast<int>(dry["planned"].Size());

        auto real = run(engine, {.job_id = "real-" + label, .context = context});
        EXPECT_EQ(real["actions_executed"].GetInt() + real["errors"].GetInt(), planned) << label;
        EXPECT_EQ(real["errors"].GetInt(), 0);
        // Every planned add_tag / set_category is now visible in qBittorrent.
        for (const auto& p : dry["planned"].GetArray()) {
            std::string action = p["action"].GetString();
            std::string info = lab->info_json(p["hash"].GetString());
            if (action == "add_tag")
                for (const auto& tag : p["params"]["tags"].GetArray())
                    EXPECT_NE(info.find(tag.GetString()), std::string::npos) << info;
            if (action == "set_category" && p["params"]["category"].IsString())
                EXPECT_NE(info.find(std::string("\"category\":\"") + p["params"]["category"].GetString() + "\""),
                          std::string::npos) << info;
        }
        std::this_thread::sleep_for(std::chrono::seconds(2));  // pause/resume show up late (qbt-lab.md)
        auto again = run(engine, {.job_id = "again-" + label, .context = context});
        EXPECT_EQ(again["actions_executed"].GetInt(), 0) << label;
        EXPECT_EQ(writes_in(again), 0) << label;
        EXPECT_EQ(again["actions_skipped"].GetInt(), real["actions_skipped"].GetInt() + real["actions_executed"].GetInt())
            << label;
    }
}

TEST_F(EngineReal, CallsForAJobOverOneHundredTorrents) {
    lab->add_torrents(specs(70, 30));  // 100 with the first test's 30
    auto rules = load_rules();
    ASSERT_TRUE(rules);
    webapi::CurlWebApi api(lab->client_config());
    Engine engine([rules] { return rules; }, api, plugins->registry(),
                  EngineOptions{false, 50, [](const plugin::LoadedPlugin* p) { return plugins->host_table_for(p); }});
    auto start = std::chrono::steady_clock::now();
    auto dry = run(engine, {.job_id = "hundred", .dry_run = true});
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(dry["total_torrents"].GetInt(), 100);
    std::cout << "HTTP calls for a dry-run job over " << dry["total_torrents"].GetInt()
              << " torrents with the default rules: " << total_calls(dry) << " in " << ms << " ms\n";
    auto real = run(engine, {.job_id = "hundred-real"});
    std::cout << "HTTP calls for the real job: " << total_calls(real) << " (writes " << writes_in(real) << ")\n";
    EXPECT_LE(total_calls(dry), 1 + 2 + 6 * 100);  // info + globals + at most one per space and torrent
}

// Tracker rows for every torrent come with the one torrents/info call where the server has
// includeTrackers (5.1+), one torrents/trackers call per torrent before; same matches either way.
TEST_F(EngineReal, TrackerRowsInTheInfoCallWhereTheServerHasThem) {
    lab->add_torrents(specs(8, 200));
    rapidjson::Document listed;
    listed.Parse(lab->get("torrents/info").c_str());
    int want = 0;
    for (const auto& t : listed.GetArray())
        if (lab->get(std::string("torrents/trackers?hash=") + t["hash"].GetString()).find("/private/") != std::string::npos)
            ++want;
    ASSERT_GT(want, 0);
    LoadResult loaded = load_rules_text(R"(
rules:
  - name: private
    conditions:
      - {field: trackers.msg, operator: not_contains, value: no tracker says this}
      - {field: trackers.url, operator: contains, value: /private/}
    actions:
      - {type: add_tag, params: {tags: [private]}}
)", "trackers.yml", plugins->registry());
    ASSERT_TRUE(loaded.rules);
    auto rules = loaded.rules;
    webapi::CurlWebApi api(lab->client_config());
    Engine engine([rules] { return rules; }, api, plugins->registry(),
                  EngineOptions{false, 50, [](const plugin::LoadedPlugin* p) { return plugins->host_table_for(p); }});
    auto dry = run(engine, {.job_id = "trackers", .context = std::nullopt, .hash = std::nullopt, .dry_run = true});
    EXPECT_EQ(dry["rules"][0]["matched"].GetInt(), want);
    const auto& calls = dry["api_calls"];
    EXPECT_EQ(calls["torrents/info"].GetInt(), 1);
    if (lab->webapi_version().at_least(2, 11, 4)) {
        EXPECT_FALSE(calls.HasMember("torrents/trackers")) << lab->app_version();
    } else {
        ASSERT_TRUE(calls.HasMember("torrents/trackers"));
        EXPECT_EQ(calls["torrents/trackers"].GetInt(), static_cast<int>(listed.Size()));
    }
}

}  // namespace
