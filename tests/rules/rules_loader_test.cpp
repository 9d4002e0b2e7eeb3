// rules_loader: valid rules.yml shapes -> RuleSet, through the real core plugins.
#include "rules_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace qbt::rules {
namespace {

using namespace test_support;

TEST(RulesLoader, PlainListIsAllGroup) {
    auto result = load(R"(rules:
  - name: Tag linux
    conditions:
      - field: info.category
        operator: '=='
        value: linux
    actions:
      - type: add_tag
        params: {tags: [linux]}
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    ASSERT_EQ(result.rules->rules.size(), 1u);
    const Rule& rule = result.rules->rules[0];
    EXPECT_EQ(rule.name, "Tag linux");
    EXPECT_TRUE(rule.enabled);
    EXPECT_FALSE(rule.stop_on_match);
    EXPECT_TRUE(rule.contexts.empty());
    EXPECT_FALSE(rule.max_deletes.has_value());
    EXPECT_EQ(rule.where.line, 2);
    EXPECT_EQ(rule.where.column, 5);
    EXPECT_EQ(rule.conditions.kind, Group::Kind::All);
    ASSERT_EQ(rule.conditions.items.size(), 1u);
    const Condition& c = condition_at(rule.conditions, 0);
    EXPECT_EQ(c.field.space, "info");
    EXPECT_EQ(c.field.key, "category");
    EXPECT_EQ(c.field.text, "info.category");
    EXPECT_EQ(c.operator_name, "==");
    EXPECT_EQ(c.expected_json, "\"linux\"");
    ASSERT_NE(c.op, nullptr);
    EXPECT_EQ(c.where.line, 4);
    ASSERT_EQ(rule.actions.size(), 1u);
    EXPECT_EQ(rule.actions[0].type, "add_tag");
    EXPECT_EQ(rule.actions[0].params_json, R"({"tags":["linux"]})");
    EXPECT_EQ(rule.actions[0].where.line, 8);
    ASSERT_NE(rule.actions[0].compiled, nullptr);
    EXPECT_TRUE(result.warnings.empty());
}


TEST(RulesLoader, GroupsSideBySideAllMustHold) {
    auto result = load(R"(rules:
  - name: Side by side
    conditions:
      all:
        - {field: info.state, operator: '==', value: uploading}
      any:
        - {field: info.category, operator: '==', value: a}
        - {field: info.category, operator: '==', value: b}
      none:
        - {field: info.tags, operator: '==', value: keep}
    actions: [{type: stop}]
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const Group& root = result.rules->rules[0].conditions;
    EXPECT_EQ(root.kind, Group::Kind::All);
    ASSERT_EQ(root.items.size(), 3u);
    EXPECT_EQ(group_at(root, 0).kind, Group::Kind::All);
    EXPECT_EQ(group_at(root, 0).items.size(), 1u);
    EXPECT_EQ(group_at(root, 1).kind, Group::Kind::Any);
    EXPECT_EQ(group_at(root, 1).items.size(), 2u);
    EXPECT_EQ(group_at(root, 2).kind, Group::Kind::None);
    EXPECT_EQ(condition_at(group_at(root, 2), 0).expected_json, "\"keep\"");
}

TEST(RulesLoader, SingleGroupsAndNesting) {
    auto result = load(R"(rules:
  - name: Only any
    conditions:
      any:
        - field: info.category
          operator: '=='
          value: a
        - none:
            - {field: info.state, operator: '==', value: error}
          all:
            - {field: info.ratio, operator: '==', value: 2}
            - any:
                - {field: trackers.msg, operator: '==', value: x}
    actions: [{type: pause}]
  - name: Only all
    conditions: {all: [{field: info.name, operator: '==', value: n}]}
    actions: [{type: stop}]
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const Group& root = result.rules->rules[0].conditions;
    EXPECT_EQ(root.kind, Group::Kind::All);
    ASSERT_EQ(root.items.size(), 1u);
    const Group& any = group_at(root, 0);
    EXPECT_EQ(any.kind, Group::Kind::Any);
    ASSERT_EQ(any.items.size(), 2u);
    const Group& side = group_at(any, 1);  // none + all side by side = all of them
    EXPECT_EQ(side.kind, Group::Kind::All);
    ASSERT_EQ(side.items.size(), 2u);
    EXPECT_EQ(group_at(side, 0).kind, Group::Kind::None);
    const Group& inner_all = group_at(side, 1);
    EXPECT_EQ(condition_at(inner_all, 0).expected_json, "2");
    EXPECT_EQ(group_at(inner_all, 1).kind, Group::Kind::Any);
    EXPECT_EQ(condition_at(group_at(inner_all, 1), 0).field.space, "trackers");
    EXPECT_EQ(result.rules->rules[0].actions[0].type, "pause");  // alias kept as written

    const Group& only_all = result.rules->rules[1].conditions;
    EXPECT_EQ(only_all.kind, Group::Kind::All);
    EXPECT_EQ(condition_at(only_all, 0).field.key, "name");
}

TEST(RulesLoader, RuleOptionsAndContexts) {
    auto result = load(R"(rules:
  - name: string context
    enabled: false
    stop_on_match: yes
    max_deletes: 5
    context: weekly
    conditions: [{field: info.name, operator: '==', value: x}]
    actions: [{type: stop}]
  - name: list context
    context: [weekly, torrent-imported]
    conditions: [{field: info.name, operator: '==', value: x}]
    actions: [{type: stop}]
  - name: legacy context in conditions
    conditions:
      context: download-finished
      all: [{field: info.name, operator: '==', value: x}]
    actions: [{type: stop}]
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const auto& rules = result.rules->rules;
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_FALSE(rules[0].enabled);
    EXPECT_TRUE(rules[0].stop_on_match);
    EXPECT_EQ(rules[0].max_deletes, 5);
    EXPECT_EQ(rules[0].contexts, std::vector<std::string>{"weekly"});
    EXPECT_EQ(rules[1].contexts, (std::vector<std::string>{"weekly", "torrent-imported"}));
    EXPECT_EQ(rules[2].contexts, std::vector<std::string>{"download-finished"});
    EXPECT_EQ(rules[2].conditions.items.size(), 1u);
}

TEST(RulesLoader, RefsOfEachKindAndVars) {
    auto result = load(R"(refs:
  vars:
    ratio: 1.5
    seconds: 604800
    keep: [keep, seedbox]
    label: box
    quoted: '42'
    flag: true
  conditions:
    single: {field: info.ratio, operator: '==', value: '${vars.ratio}'}
    listed:
      - field: info.seeding_time
        operator: '=='
        value: ${vars.seconds}
      - $ref: conditions.single
    grouped:
      any:
        - {field: info.tags, operator: '==', value: '${vars.quoted}'}
        - {field: info.force_start, operator: '==', value: '${vars.flag}'}
  actions:
    park:
      - {type: add_tag, params: {tags: '${vars.keep}'}}
      - {type: stop}
    outer:
      - $ref: actions.park
      - {type: add_tag, params: {tags: 'on-${vars.label}-${vars.seconds}'}}
rules:
  - name: uses refs
    conditions:
      all:
        - $ref: conditions.single
        - $ref: conditions.listed
      none:
        - $ref: conditions.grouped
    actions:
      - {type: add_tag, params: {tags: first}}
      - $ref: actions.outer
  - name: whole conditions ref
    conditions: {$ref: conditions.grouped}
    actions: [{$ref: actions.park}]
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const Rule& rule = result.rules->rules[0];
    const Group& all = group_at(rule.conditions, 0);
    EXPECT_EQ(condition_at(all, 0).expected_json, "1.5");  // quoted whole reference keeps the number type
    const Group& listed = group_at(all, 1);
    EXPECT_EQ(condition_at(listed, 0).expected_json, "604800");
    EXPECT_EQ(condition_at(listed, 1).expected_json, "1.5");
    const Group& none = group_at(rule.conditions, 1);
    EXPECT_EQ(none.kind, Group::Kind::None);
    const Group& grouped = group_at(none, 0);
    const Group& any = group_at(grouped, 0);
    EXPECT_EQ(any.kind, Group::Kind::Any);
    EXPECT_EQ(condition_at(any, 0).expected_json, "\"42\"");  // a quoted var stays a string
    EXPECT_EQ(condition_at(any, 1).expected_json, "true");

    ASSERT_EQ(rule.actions.size(), 4u);  // first, park (2, spliced), outer's own
    EXPECT_EQ(rule.actions[0].params_json, R"({"tags":"first"})");
    EXPECT_EQ(rule.actions[1].params_json, R"({"tags":["keep","seedbox"]})");  // a list stays a list
    EXPECT_EQ(rule.actions[2].type, "stop");
    EXPECT_EQ(rule.actions[2].params_json, "{}");
    EXPECT_EQ(rule.actions[3].params_json, R"({"tags":"on-box-604800"})");  // interpolated as text
    // A ref is compiled once and shared.
    EXPECT_EQ(rule.actions[1].compiled, result.rules->rules[1].actions[0].compiled);
    EXPECT_EQ(result.rules->rules[1].actions.size(), 2u);
}

TEST(RulesLoader, ScalarTyping) {
    auto result = load(R"(rules:
  - name: types
    conditions:
      - {field: info.a, operator: '==', value: 7}
      - {field: info.a, operator: '==', value: '7'}
      - {field: info.a, operator: '==', value: 2.50}
      - {field: info.a, operator: '==', value: no}
      - {field: info.a, operator: '==', value: "true"}
      - {field: info.a, operator: '==', value: ~}
      - {field: info.a, operator: '==', value: -3}
      - {field: info.a, operator: '==', value: 1.5 GB}
      - {field: info.a, operator: '==', value: 7d}
      - field: info.a
        operator: '=='
        value: ${other.x}
    actions: [{type: stop}]
)");
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const Group& root = result.rules->rules[0].conditions;
    std::vector<std::string> expected = {"7", "\"7\"", "2.5", "false", "\"true\"", "null", "-3", "\"1.5 GB\"",
                                         "\"7d\"", "\"${other.x}\""};
    ASSERT_EQ(root.items.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(condition_at(root, i).expected_json, expected[i]) << i;
}

TEST(RulesLoader, EmptyFileLoadsWithWarning) {
    for (const char* text : {"", "rules: []\n", "refs: {vars: {a: 1}}\n", "rules:\n"}) {
        auto result = load(text);
        ASSERT_TRUE(result.ok()) << text << all_errors(result);
        ASSERT_NE(result.rules, nullptr);
        EXPECT_TRUE(result.rules->rules.empty());
        ASSERT_EQ(result.warnings.size(), 1u) << text;
        EXPECT_NE(result.warnings[0].message.find("no rules"), std::string::npos);
    }
}

TEST(RulesLoader, MissingFileIsAnError) {
    auto result = load_rules_file("/nonexistent/rules.yml", test_registry());
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.rules, nullptr);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].where.file, "/nonexistent/rules.yml");
    EXPECT_NE(result.errors[0].message.find("No such file"), std::string::npos);
}

TEST(RulesLoader, ShippedDefaultRulesLoadClean) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    ASSERT_NE(root, nullptr);
    const std::string path = std::string(root) + "/config/rules.default.yml";
    auto result = load_rules_file(path, test_registry());
    ASSERT_TRUE(result.ok()) << all_errors(result);
    EXPECT_TRUE(result.warnings.empty());
    const auto& rules = result.rules->rules;
    EXPECT_GE(rules.size(), 8u);
    EXPECT_LE(rules.size(), 12u);
    EXPECT_EQ(result.rules->source, path);
    // Destructive rules ship disabled, or capped by max_deletes.
    for (const Rule& rule : rules) {
        for (const Action& action : rule.actions) {
            if (action.compiled->action()->flags & QBT_ACTION_REMOVES_TORRENT) {
                EXPECT_TRUE(!rule.enabled || rule.max_deletes.has_value()) << rule.name;
            }
        }
    }
}

TEST(RulesLoader, LoadsFromFileWithItsPathInLocations) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    ASSERT_NE(root, nullptr);
    const std::string path = std::string(root) + "/config/rules.default.yml";
    auto result = load_rules_file(path, test_registry());
    ASSERT_TRUE(result.ok()) << all_errors(result);
    EXPECT_EQ(result.rules->rules.front().where.file, path);
    EXPECT_GT(result.rules->rules.front().where.line, 1);
}

}  // namespace
}  // namespace qbt::rules
