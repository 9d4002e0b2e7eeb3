// Issue 19: one rule on demand. POST /api/execute?rule=NAME (and the client's repeatable
// --rule) runs only the named rules of a real server on a real qbittorrent-nox, whatever
// their context; dry-run and protect: still hold; an unknown or disabled name is a 400
// naming the parameter and listing the rules.
#include "cleanup_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

constexpr const char* kRules = R"(protect:
  - {field: info.tags, operator: in, value: [keep]}
rules:
  - name: tag red
    context: nightly
    conditions: [{field: info.tags, operator: contains, value: target}]
    actions: [{type: add_tag, params: {tags: [red]}}]
  - name: tag blue
    conditions: [{field: info.tags, operator: contains, value: target}]
    actions: [{type: add_tag, params: {tags: [blue]}}]
  - name: tag green
    context: weekly
    conditions: [{field: info.tags, operator: contains, value: target}]
    actions: [{type: add_tag, params: {tags: [green]}}]
  - name: remove targets
    context: never-scheduled
    conditions: [{field: info.tags, operator: contains, value: target}]
    actions: [{type: delete_torrent, params: {delete_files: true, recycle: false}}]
  - name: switched off
    enabled: false
    conditions: [{field: info.tags, operator: contains, value: target}]
    actions: [{type: stop}]
)";

class RunRule : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<qt::TempDir>("qbt-run-rule-e2e-");
        lab_ = qt::QbtLab::start();
        std::ofstream(dir_->path() / "rules.yml") << kRules;
        server_ = std::make_unique<Server>(dir_->path(), lab_env(*lab_, {
            {"QBT_RULES_PLUGINS_PROBE", "false"}}));
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }
    static void TearDownTestSuite() {
        server_.reset();
        lab_.reset();
        dir_.reset();
    }
    static std::string add(const std::string& name, std::vector<std::string> tags) {
        const qt::TorrentLayout layout{name, {{"a.bin", 20000}}};
        const fs::path dir = lab_->make_data_dir("r");
        lab_->write_data(dir, layout);
        return lab_->add_existing({{dir, layout, {}, "", std::move(tags), false}})[0];
    }
    static std::vector<std::string> tags_of(const std::string& hash) {
        auto tags = split_tags(text_field(torrent_info(*lab_, hash), "tags"));
        std::sort(tags.begin(), tags.end());
        return tags;
    }

    static inline std::unique_ptr<qt::TempDir> dir_;
    static inline std::unique_ptr<qt::QbtLab> lab_;
    static inline std::unique_ptr<Server> server_;
};

TEST_F(RunRule, OnlyTheNamedRuleRunsWhateverItsContext) {
    const std::string hash = add("OnlyRed", {"target"});
    const auto job = run_job(*server_, "rule=tag%20red");
    EXPECT_EQ(tags_of(hash), (std::vector<std::string>{"red", "target"})) << "not blue (no context), not green";
    ASSERT_EQ(job["result"]["rules"].Size(), 1u);
    EXPECT_STREQ(job["result"]["rules"][0]["name"].GetString(), "tag red");
    lab_->post("torrents/delete", "hashes=" + hash + "&deleteFiles=false");
}

TEST_F(RunRule, TheClientRunsSeveralNamedRulesAndDryRunChangesNothing) {
    const std::string hash = add("Several", {"target"});
    const auto dry = run_program({exe_path(), "--rule", "tag red", "--rule", "tag green", "--dry-run", "--wait"},
                                 dir_->path() / "dry.log", 60);
    ASSERT_EQ(dry.exit_code, 0) << dry.output << server_->log_tail();
    EXPECT_EQ(tags_of(hash), std::vector<std::string>{"target"}) << "a dry run changes nothing";
    EXPECT_NE(dry.output.find("tag green"), std::string::npos) << dry.output;

    const auto run = run_program({exe_path(), "--rule", "tag red", "--rule", "tag green", "--wait"},
                                 dir_->path() / "run.log", 60);
    ASSERT_EQ(run.exit_code, 0) << run.output << server_->log_tail();
    EXPECT_EQ(tags_of(hash), (std::vector<std::string>{"green", "red", "target"}));
    lab_->post("torrents/delete", "hashes=" + hash + "&deleteFiles=false");
}

TEST_F(RunRule, ProtectHoldsForANamedDeleteRule) {
    const std::string kept = add("KeptByName", {"target", "keep"});
    const std::string gone = add("GoneByName", {"target"});
    const auto job = run_job(*server_, "rule=remove%20targets");
    EXPECT_TRUE(listed(*lab_, kept));
    EXPECT_FALSE(listed(*lab_, gone));
    ASSERT_TRUE(job["result"].HasMember("protected"));
    EXPECT_STREQ(job["result"]["protected"]["torrents"][0]["hash"].GetString(), kept.c_str());
    lab_->post("torrents/delete", "hashes=" + kept + "&deleteFiles=false");
}

TEST_F(RunRule, AnUnknownOrDisabledNameIsA400ListingTheRules) {
    const Reply unknown = http("POST", server_->base_url() + "/api/execute?rule=tag%20purple&key=" + server_->api_key());
    EXPECT_EQ(unknown.code, 400) << unknown.body;
    EXPECT_NE(unknown.body.find("parameter \\\"rule\\\""), std::string::npos) << unknown.body;
    EXPECT_NE(unknown.body.find("rule 'tag purple' does not exist"), std::string::npos) << unknown.body;
    EXPECT_NE(unknown.body.find("'tag blue'"), std::string::npos) << "the rules are listed: " << unknown.body;
    const Reply off = http("POST", server_->base_url() + "/api/execute?rule=switched%20off&key=" + server_->api_key());
    EXPECT_EQ(off.code, 400);
    EXPECT_NE(off.body.find("is disabled"), std::string::npos) << off.body;
    const auto jobs = parse(server_->get("/api/jobs?status=pending").body);
    EXPECT_EQ(jobs["jobs"].Size(), 0u) << "nothing was queued";
}

}  // namespace
}  // namespace qbt::e2e
