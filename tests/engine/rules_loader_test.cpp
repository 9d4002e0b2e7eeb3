// rules_loader: rules.yml -> RuleSet, through a registry filled from real plugin files.
#include "engine/rules_loader.hpp"
#include "rules_test_registry.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace qbt::engine {
namespace {

// The real built-in plugins, as the server loads them.
const plugin::Registry& test_registry() {
    static std::unique_ptr<plugin::Registry> registry = [] {
        const char* dir = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR");
        std::string base = dir ? dir : "plugins";
        std::vector<std::string> problems;
        auto r = test::registry_from_files({base + "/qbt_core_operators.so", base + "/qbt_core_actions.so"}, problems);
        for (const auto& p : problems) ADD_FAILURE() << p;
        return r;
    }();
    return *registry;
}

LoadResult load(const std::string& yaml) { return load_rules_text(yaml, "rules.yml", test_registry()); }

std::string all_errors(const LoadResult& result) {
    std::string text;
    for (const auto& e : result.errors) text += "\n  " + e.to_string();
    return text;
}

// Asserts an error mentioning `text` at `line` (1-based) exists.
::testing::AssertionResult has_error(const LoadResult& result, int line, const std::string& text) {
    for (const auto& e : result.errors)
        if (e.where.line == line && e.message.find(text) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no error at line " << line << " containing '" << text
                                         << "'; errors:" << all_errors(result);
}

const Condition& condition_at(const Group& group, size_t index) { return std::get<Condition>(group.items.at(index)); }
const Group& group_at(const Group& group, size_t index) { return std::get<Group>(group.items.at(index)); }

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

// --- errors: each at its line ---

TEST(RulesLoaderErrors, YamlSyntaxError) {
    auto result = load("rules:\n  - name: x\n    conditions: [a, b\n    actions: []\n");
    ASSERT_EQ(result.errors.size(), 1u) << all_errors(result);
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_NE(result.errors[0].message.find("YAML syntax error"), std::string::npos);
    EXPECT_GE(result.errors[0].where.line, 3);
    EXPECT_EQ(result.errors[0].to_string().rfind("rules.yml:", 0), 0u);
}

TEST(RulesLoaderErrors, FieldsOperatorsAndActions) {
    auto result = load(R"(rules:
  - name: bad
    conditions:
      - {field: torrent.name, operator: '==', value: x}
      - {field: ratio, operator: '==', value: 1}
      - {field: info.ratio, operator: '=~', value: 1}
      - {field: info.ratio, operator: '==', value: [1, 2]}
      - {field: info.ratio, operator: '=='}
    actions:
      - {type: explode}
      - {type: add_tag, params: {tags: [a], colour: red}}
      - {type: add_tag}
      - {type: add_tag, params: [a]}
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 4, "unknown field namespace 'torrent'"));
    EXPECT_TRUE(has_error(result, 5, "must be SPACE.KEY"));
    EXPECT_TRUE(has_error(result, 6, "unknown operator '=~' (known: !=, <, <=, ==, >, >=, contains, in,"));
    EXPECT_TRUE(has_error(result, 7, "operator '==' compares with one value, got a list (use 'in' for a list)"));
    EXPECT_TRUE(has_error(result, 8, "condition has no 'value'"));
    EXPECT_TRUE(has_error(result, 10, "unknown action 'explode' (known: add_tag, delete_torrent,"));
    EXPECT_TRUE(has_error(result, 11, "action 'add_tag': unknown param 'colour' (valid params: tags)"));
    EXPECT_TRUE(has_error(result, 12, "action 'add_tag': param 'tags' is required"));
    EXPECT_TRUE(has_error(result, 13, "params of action 'add_tag' must be a mapping"));
    EXPECT_EQ(result.errors.size(), 9u) << all_errors(result);
    for (const auto& e : result.errors) EXPECT_EQ(e.rule, "bad");
    EXPECT_EQ(result.errors[0].to_string(),
              "rules.yml:4:17: rule 'bad': unknown field namespace 'torrent' in 'torrent.name' "
              "(known: info, trackers, files, peers, webseeds, properties, transfer, app)");
}

TEST(RulesLoaderErrors, VarsAndRefs) {
    auto result = load(R"(refs:
  vars: {tags: [a, b]}
  conditions:
    a: [{$ref: conditions.b}]
    b: {any: [{$ref: conditions.a}]}
    c: {field: info.x, operator: '==', value: '${vars.nope}'}
  actions:
    loop: [{$ref: actions.loop}]
rules:
  - name: r
    conditions:
      - $ref: conditions.missing
      - $ref: actions.loop
      - {field: info.x, operator: '==', value: 'x-${vars.tags}'}
    actions:
      - $ref: actions.nothing
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 5, "ref cycle: conditions.a -> conditions.b -> conditions.a"));
    EXPECT_TRUE(has_error(result, 6, "unknown var 'nope'"));
    EXPECT_TRUE(has_error(result, 8, "ref cycle: actions.loop -> actions.loop"));
    EXPECT_TRUE(has_error(result, 12, "unknown ref 'conditions.missing' (known conditions: a, b, c)"));
    EXPECT_TRUE(has_error(result, 13, "only conditions.NAME can be used here"));
    EXPECT_TRUE(has_error(result, 14, "var 'tags' is a list"));
    EXPECT_TRUE(has_error(result, 16, "unknown ref 'actions.nothing'"));
    EXPECT_EQ(result.errors.size(), 7u) << all_errors(result);
    // Errors inside a ref name the ref, not a rule.
    EXPECT_TRUE(has_error(result, 6, "in refs.conditions.c"));
    EXPECT_EQ(result.errors[0].rule, "");
}

TEST(RulesLoaderErrors, RuleStructure) {
    auto result = load(R"(rules:
  - conditions: [{field: info.x, operator: '==', value: 1}]
    actions: [{type: stop}]
  - name: no conditions
    actions: [{type: stop}]
  - name: no actions
    conditions: [{field: info.x, operator: '==', value: 1}]
  - name: empty actions
    conditions: [{field: info.x, operator: '==', value: 1}]
    actions: []
  - name: dup
    conditions: [{field: info.x, operator: '==', value: 1}]
    actions: [{type: stop}]
  - name: dup
    conditions: [{field: info.x, operator: '==', value: 1}]
    actions: [{type: stop}]
  - name: unknown keys
    enable: false
    enabled: maybe
    max_deletes: -1
    conditions:
      - {field: info.x, operator: '==', value: 1, note: hi}
      - {nothing: here}
    actions: [{type: stop, param: {}}]
  - name: empty conditions
    conditions: []
    actions: [{type: stop}]
  - name: empty group
    conditions: {any: []}
    actions: [{type: stop}]
extra: 1
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 2, "rule has no 'name'"));
    EXPECT_TRUE(has_error(result, 4, "rule has no 'conditions'"));
    EXPECT_TRUE(has_error(result, 6, "rule has no 'actions'"));
    EXPECT_TRUE(has_error(result, 10, "actions is empty"));
    EXPECT_TRUE(has_error(result, 14, "duplicate rule name (first defined at rules.yml:11:5)"));
    EXPECT_TRUE(has_error(result, 18, "unknown key 'enable' in a rule (allowed: name, enabled, context"));
    EXPECT_TRUE(has_error(result, 19, "enabled must be true or false"));
    EXPECT_TRUE(has_error(result, 20, "max_deletes must be a whole number >= 0"));
    EXPECT_TRUE(has_error(result, 22, "unknown key 'note' in a condition (allowed: field, operator, value)"));
    EXPECT_TRUE(has_error(result, 23, "unknown key 'nothing' in a condition group (allowed: all, any, none)"));
    EXPECT_TRUE(has_error(result, 24, "unknown key 'param' in an action (allowed: type, params)"));
    EXPECT_TRUE(has_error(result, 26, "conditions is empty"));
    EXPECT_TRUE(has_error(result, 29, "group 'any' is empty"));
    EXPECT_TRUE(has_error(result, 31, "unknown key 'extra' in the rules file (allowed: rules, refs)"));
    EXPECT_EQ(result.errors.size(), 15u) << all_errors(result);
    for (const auto& e : result.errors) {
        if (e.message.find("has no 'name'") != std::string::npos) {
            EXPECT_EQ(e.rule, "#1");  // an unnamed rule is named by its position
        }
        if (e.message.find("'extra'") != std::string::npos) {
            EXPECT_EQ(e.rule, "");
        }
    }
}


TEST(RulesLoaderErrors, ValuesThePluginsReject) {
    auto result = load(R"(refs:
  vars: {pattern: '(unclosed', limit: fast}
rules:
  - name: values
    conditions:
      - {field: info.name, operator: matches, value: '[a-'}
      - {field: info.name, operator: matches, value: '${vars.pattern}'}
      - {field: info.size, operator: larger_than, value: 12 parsecs}
      - {field: info.added_on, operator: older_than, value: a fortnight}
      - {field: info.added_on, operator: newer_than, value: 7d}
      - {field: info.size, operator: smaller_than, value: 1.5 GiB}
    actions:
      - {type: set_upload_limit, params: {limit: '${vars.limit}'}}
      - {type: add_tag, params: {tags: {a: 1}}}
      - {type: force_start, params: {value: maybe}}
      - type: delete_torrent
        params: {delete_files: true, keep_files: true}
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 6, "operator 'matches': invalid regular expression '[a-'"));
    EXPECT_TRUE(has_error(result, 7, "invalid regular expression '(unclosed'"));  // after var substitution
    EXPECT_TRUE(has_error(result, 8, "12 parsecs"));
    EXPECT_TRUE(has_error(result, 9, "a fortnight"));
    EXPECT_TRUE(has_error(result, 13, "action 'set_upload_limit': param 'limit' \"fast\" is not a size"));
    EXPECT_TRUE(has_error(result, 14, "action 'add_tag': param 'tags' must be a list of strings or one string"));
    EXPECT_TRUE(has_error(result, 15, "action 'force_start': param 'value' must be true or false"));
    EXPECT_TRUE(has_error(result, 16, "action 'delete_torrent'"));
    EXPECT_EQ(result.errors.size(), 8u) << all_errors(result);
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
}  // namespace qbt::engine
