// qbt-rules 0.6's rules.yml shape (tests/compat06/rules.yml): `version: 1`, rules with `id:`
// and `meta:`, refs with `meta:`; an unknown version and duplicate ids are errors at their
// line; meta is kept and shown by GET /api/rules (rules_to_json).
#include "plugin/builtin_plugins.hpp"
#include "rules/rules_json.hpp"
#include "rules/rules_loader.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

namespace qbt::rules {
namespace {

class Compat06Rules : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // What the host hands over from config.yml notifications: / integrations:.
        plugins_ = plugin::load_builtin_plugins(
                       {{"org.qbt-rules.notify", R"({"webhook_url":"http://127.0.0.1:9/x","service":"generic"})"},
                        {"org.qbt-rules.arr", R"({"sonarr":{"url":"http://127.0.0.1:8989","api_key":"k"}})"}})
                       .release();
    }
    static void TearDownTestSuite() { delete plugins_; }

    static LoadResult load(const std::string& yaml) { return load_rules_text(yaml, "rules.yml", plugins_->registry()); }
    static std::string first_error(const std::string& yaml) {
        auto result = load(yaml);
        return result.errors.empty() ? "" : result.errors.front().to_string();
    }
    static plugin::PluginHost* plugins_;
};
plugin::PluginHost* Compat06Rules::plugins_ = nullptr;

const std::string kRule = "    conditions: [{field: info.ratio, operator: '>', value: 1}]\n"
                          "    actions: [{type: stop}]\n";

TEST_F(Compat06Rules, TheSixtyShapedFileLoadsWithIdsAndMeta) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    const auto path = std::filesystem::path(root ? root : ".") / "tests" / "compat06" / "rules.yml";
    auto result = load_rules_file(path.string(), plugins_->registry());
    for (const auto& e : result.errors) ADD_FAILURE() << e.to_string();
    ASSERT_TRUE(result.rules);
    const auto& rules = result.rules->rules;
    ASSERT_EQ(rules.size(), 8u);
    EXPECT_EQ(rules[0].name, "block-unwanted-archives");  // identity: id when there is no name
    EXPECT_EQ(rules[0].id, "block-unwanted-archives");
    EXPECT_FALSE(rules[5].enabled);

    rapidjson::Document doc;
    doc.Parse(rules_to_json(*result.rules).c_str());
    ASSERT_TRUE(doc.IsObject());
    const auto& hd = doc["rules"][2];
    EXPECT_STREQ(hd["id"].GetString(), "tag-hd-content");
    EXPECT_STREQ(hd["meta"]["description"].GetString(), "Tag HD content");
    EXPECT_STREQ(hd["meta"]["owner"].GetString(), "compat-tests");
    EXPECT_STREQ(doc["refs_meta"]["actions"]["safe-delete"]["description"].GetString(),
                 "Tag for review and stop, instead of deleting outright");
}

TEST_F(Compat06Rules, VersionOneOrAbsentIsReadAnythingElseIsAnErrorAtItsLine) {
    EXPECT_EQ(first_error("version: 1\nrules:\n  - name: a\n" + kRule), "");
    EXPECT_EQ(first_error("rules:\n  - name: a\n" + kRule), "");
    EXPECT_EQ(first_error("# comment\nversion: 2\nrules:\n  - name: a\n" + kRule),
              "rules.yml:2:10: unknown rules file version '2' (this server reads version 1)");
    EXPECT_NE(first_error("version: one\nrules:\n  - name: a\n" + kRule).find("rules.yml:1:"), std::string::npos);
}

TEST_F(Compat06Rules, NameElseIdIsTheIdentityAndMustBeUnique) {
    auto both = load("rules:\n  - name: Readable\n    id: readable\n" + kRule);
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both.rules->rules[0].name, "Readable");
    EXPECT_EQ(both.rules->rules[0].id, "readable");
    EXPECT_NE(first_error("rules:\n  - id: same\n" + kRule + "  - id: same\n" + kRule).find("duplicate rule name"),
              std::string::npos);
    EXPECT_NE(first_error("rules:\n  - id: same\n" + kRule + "  - name: same\n" + kRule).find("rules.yml:5:"),
              std::string::npos)
        << first_error("rules:\n  - id: same\n" + kRule + "  - name: same\n" + kRule);
    EXPECT_NE(first_error("rules:\n  - meta: {description: x}\n" + kRule).find("rule has no 'name' or 'id'"),
              std::string::npos);
    EXPECT_NE(first_error("rules:\n  - id: a\n    meta: just text\n" + kRule).find("meta must be a mapping"),
              std::string::npos);
    EXPECT_NE(first_error("refs:\n  meta:\n    rules: {}\nrules:\n  - id: a\n" + kRule).find("refs.meta"),
              std::string::npos);
}

TEST_F(Compat06Rules, NotifyTakesItsDefaultsFromNotificationsAndGenericIsTheWebhook) {
    EXPECT_EQ(first_error("rules:\n  - id: n\n    conditions: [{field: info.ratio, operator: '>', value: 1}]\n"
                          "    actions: [{type: notify}]\n"),
              "");
    EXPECT_EQ(first_error("rules:\n  - id: n\n    conditions: [{field: info.ratio, operator: '>', value: 1}]\n"
                          "    actions: [{type: notify, params: {service: generic, url: 'http://127.0.0.1:9/y'}}]\n"),
              "");
}

}  // namespace
}  // namespace qbt::rules
