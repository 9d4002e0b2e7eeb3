// The `orphans` job against a fake Web API and real temporary files: the action runs only
// on a complete index, within engine.max_deletes_per_job, never in a dry run; recycle is
// not wired yet and says so; rules may not use the reserved context.
#include "engine/engine.hpp"
#include "engine_test_support.hpp"
#include "fake_web_api.hpp"
#include "rules/rules_loader.hpp"
#include "temp_dir.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::testing;

namespace {

class OrphanJob : public ::testing::Test {
protected:
    void SetUp() override {
        register_test_plugins(registry);
        root = dir.path() / "downloads";
        used = write("used.iso");
        orphans = {write("left/over.mkv"), write("stale.bin")};
        api.add_torrent(R"({"hash":")" + fake_hash(1) + R"(","name":"used","state":"uploading","tags":"","total_size":4,)"
                        R"("save_path":")" + root.string() + R"(","content_path":")" + used.string() + "\"}");
        api.set_global("app/preferences", R"({"save_path":")" + root.string() + R"("})");
        api.set_global("torrents/categories", R"({"tv":{"name":"tv","savePath":"tv"}})");
        options.orphans.action = "delete";
        options.orphans.grace_seconds = 0;
    }

    std::filesystem::path write(const std::string& relative) {
        const auto path = root / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << "x";
        return path;
    }

    rapidjson::Document run(bool dry_run = false) {
        Engine engine([] { return std::shared_ptr<const rules::RuleSet>(); }, api, registry, options);
        JobOutcome outcome = engine.run({.job_id = "orphans-1", .context = "orphans", .dry_run = dry_run});
        EXPECT_TRUE(outcome.ok) << outcome.error;
        rapidjson::Document doc;
        doc.Parse(outcome.result_json.c_str());
        return doc;
    }

    bool all_orphans_exist() const {
        return std::all_of(orphans.begin(), orphans.end(), [](const auto& p) { return std::filesystem::exists(p); });
    }

    TempDir dir;
    std::filesystem::path root, used;
    std::vector<std::filesystem::path> orphans;
    plugin::Registry registry;
    FakeWebApi api;
    EngineOptions options{false, 50, [](const plugin::LoadedPlugin*) { return test_host_table(); }};
};

TEST_F(OrphanJob, ReportsWithoutRulesAndDeletesOnlyTheOrphans) {
    options.orphans.action = "report";
    auto report = run();
    EXPECT_EQ(report["orphan_count"].GetUint64(), 2u);
    EXPECT_EQ(report["scan"]["in_use"].GetUint64(), 1u);
    EXPECT_EQ(report["scan"]["roots"].Size(), 1u);  // the default path, its "tv" category and the torrent's: one root
    EXPECT_EQ(report["removed"].GetInt(), 0);
    EXPECT_TRUE(all_orphans_exist());

    options.orphans.action = "delete";
    auto dry = run(/*dry_run=*/true);
    EXPECT_NE(std::string(dry["action_skipped"].GetString()).find("dry run: 2 orphans would be deleted"), std::string::npos);
    EXPECT_TRUE(all_orphans_exist());

    auto real = run();
    EXPECT_EQ(real["removed"].GetInt(), 2);
    EXPECT_FALSE(real.HasMember("action_skipped"));
    for (const auto& path : orphans) EXPECT_FALSE(std::filesystem::exists(path)) << path;
    EXPECT_TRUE(std::filesystem::exists(used));
}

TEST_F(OrphanJob, NoActionPastTheCapOnAnIncompleteIndexOrToRecycleWithoutABin) {
    options.max_deletes_per_job = 1;
    EXPECT_NE(std::string(run()["action_skipped"].GetString()).find("2 orphans exceed engine.max_deletes_per_job (1)"),
              std::string::npos);
    EXPECT_TRUE(all_orphans_exist());

    options.max_deletes_per_job = 50;
    FakeWebApi down;
    options.disk_scope = scope_with_unreachable(api, down);
    auto incomplete = run();
    EXPECT_NE(std::string(incomplete["action_skipped"].GetString()).find("the file-usage index is incomplete"),
              std::string::npos);
    EXPECT_FALSE(incomplete["disk"]["complete"].GetBool());
    EXPECT_TRUE(all_orphans_exist());

    options.disk_scope.reset();
    options.orphans.action = "recycle";
    // Without a recycle bin (engine.recycle_bin.dir) recycling is refused; with one,
    // e2e_cleanup proves the orphans go into it.
    EXPECT_NE(std::string(run()["action_skipped"].GetString()).find("recycle needs a recycle bin"), std::string::npos);
    EXPECT_TRUE(all_orphans_exist());
}

TEST_F(OrphanJob, TheContextIsReservedInRules) {
    rules::LoadResult loaded = rules::load_rules_text(
        "rules:\n  - name: x\n    context: [nightly, orphans]\n    conditions: [{field: info.ratio, operator: '>', value: 1}]\n"
        "    actions: [{type: add_tag, params: {tags: [a]}}]\n",
        "rules.yml", registry);
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_NE(loaded.errors[0].to_string().find("rules.yml:3:"), std::string::npos) << loaded.errors[0].to_string();
    EXPECT_NE(loaded.errors[0].to_string().find("context 'orphans' is reserved for orphan scans"), std::string::npos);
}

}  // namespace
