// rules_loader: every class of error, each asserted at its line; several at once.
#include "rules_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace qbt::rules {
namespace {

using namespace test_support;

TEST(RulesLoaderErrors, YamlSyntaxError) {
    auto result = load("rules:\n  - name: x\n    conditions: [a, b\n    actions: []\n");
    ASSERT_EQ(result.errors.size(), 1u) << all_errors(result);
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_NE(result.errors[0].message.find("YAML syntax error"), std::string::npos);
    EXPECT_EQ(result.errors[0].where.line, 4);  // where yaml-cpp notices the unclosed [
    EXPECT_GT(result.errors[0].where.column, 0);
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
    EXPECT_TRUE(has_error(result, 10, "unknown action 'explode' (known: add_tag, "));
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
    EXPECT_TRUE(has_error(result, 31, "unknown key 'extra' in the rules file (allowed: rules, refs, version, protect)"));
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

TEST(RulesLoaderErrors, KeysGivenTwiceAndMisplacedSections) {
    auto result = load(R"(refs:
  templates: {}
  vars: [a]
rules:
  - just a string
  - name: twice
    context: a
    conditions:
      context: b
      all: [{field: info.x, operator: '==', value: 1}]
    actions: [{type: stop}]
    actions: [{type: start}]
  - name: bad ref path
    conditions: [{$ref: conditions}]
    actions: [{$ref: stop}]
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 2, "unknown key 'templates' in refs (allowed: vars, conditions, actions, meta)"));
    EXPECT_TRUE(has_error(result, 3, "refs.vars must be a mapping"));
    EXPECT_TRUE(has_error(result, 5, "a rule must be a mapping"));
    EXPECT_TRUE(has_error(result, 9, "context is given both in the rule and inside conditions"));
    EXPECT_TRUE(has_error(result, 12, "key 'actions' is given twice in a rule"));
    EXPECT_TRUE(has_error(result, 14, "$ref 'conditions' must be conditions.NAME or actions.NAME"));
    EXPECT_TRUE(has_error(result, 15, "$ref 'stop' must be conditions.NAME or actions.NAME"));
    EXPECT_EQ(result.errors.size(), 7u) << all_errors(result);
}

TEST(RulesLoaderErrors, RulesMustBeAList) {
    auto result = load("rules:\n  name: not a list\n");
    ASSERT_EQ(result.errors.size(), 1u) << all_errors(result);
    EXPECT_TRUE(has_error(result, 2, "rules must be a list of rules"));
    auto scalar = load("just text\n");
    ASSERT_EQ(scalar.errors.size(), 1u) << all_errors(scalar);
    EXPECT_TRUE(has_error(scalar, 1, "must be a mapping with 'rules:'"));
}


// Odd shapes: each is reported as an error (with a line), never a crash or a silent load.
TEST(RulesLoaderErrors, OddShapesAreErrorsNotCrashes) {
    const char* inputs[] = {
        "rules: [[]]\n",
        "rules: [{name: [a], conditions: [{field: info.x, operator: '==', value: 1}], actions: [{type: stop}]}]\n",
        "rules: [{name: x, conditions: {all: ~}, actions: [~]}]\n",
        "rules: [{name: x, conditions: {any: [5]}, actions: [{type: [stop]}]}]\n",
        "rules: [{name: x, conditions: [{field: info.x, operator: [a], value: 1}], actions: stop}]\n",
        "refs: {conditions: {a: ~}, actions: {b: 5}}\nrules: []\n",
        "refs: {conditions: {[a]: 1}}\n",
        "rules: [{name: x, conditions: [{$ref: conditions.a, field: info.x}], actions: [{type: stop}]}]\n",
        "rules: [{name: '', conditions: [{field: info.x, operator: '==', value: 1}], actions: [{type: stop}]}]\n",
        "rules: [{name: x, enabled: 'true', conditions: [{field: info.x, operator: '==', value: 1}], "
        "actions: [{type: stop}]}]\n",
    };
    for (const char* yaml : inputs) {
        auto result = load(yaml);
        EXPECT_FALSE(result.ok()) << yaml;
        EXPECT_EQ(result.rules, nullptr) << yaml;
        for (const auto& e : result.errors) EXPECT_GT(e.where.line, 0) << yaml << e.to_string();
    }
}

}  // namespace
}  // namespace qbt::rules
