// rules_loader: the `protect:` section (issue 19): rules' condition syntax, refs and vars,
// errors at their line, shown by rules_to_json.
#include "rules/rules_json.hpp"
#include "rules_test_support.hpp"

#include <gtest/gtest.h>

namespace qbt::rules {
namespace {

using namespace test_support;

TEST(RulesProtect, ConditionsRefsAndVarsAreCompiledLikeARule) {
    auto result = load(R"(refs:
  vars: {min_seed: 288000}
  conditions:
    kept: [{field: info.tags, operator: in, value: [keep]}]
protect:
  any:
    - $ref: conditions.kept
    - all:
        - {field: trackers.url, operator: contains, value: /hnr-site/}
        - {field: info.seeding_time, operator: '<', value: '${vars.min_seed}'}
rules:
  - name: r
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: delete_torrent}]
)");
    ASSERT_NE(result.rules, nullptr) << all_errors(result);
    ASSERT_TRUE(result.rules->protect);
    EXPECT_EQ(result.rules->protect_where.line, 6);
    const Group& any = std::get<Group>(result.rules->protect->items.at(0));
    EXPECT_EQ(any.kind, Group::Kind::Any);
    ASSERT_EQ(any.items.size(), 2u);
    const Group& hnr = std::get<Group>(any.items[1]);
    EXPECT_EQ(std::get<Condition>(hnr.items[1]).expected_json, "288000");
    const std::string json = rules_to_json(*result.rules);
    EXPECT_NE(json.find(R"("protect":{"kind":"all")"), std::string::npos) << json;
    EXPECT_NE(json.find("/hnr-site/"), std::string::npos) << json;
}

TEST(RulesProtect, AbsentOrNullMeansNothingIsProtected) {
    auto result = load(R"(protect:
rules:
  - name: r
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
)");
    ASSERT_NE(result.rules, nullptr) << all_errors(result);
    EXPECT_FALSE(result.rules->protect);
    EXPECT_NE(rules_to_json(*result.rules).find(R"("protect":null)"), std::string::npos);
}

TEST(RulesProtect, MistakesAreErrorsAtTheirLine) {
    auto result = load(R"(protect:
  any:
    - {field: info.tags, operator: in, value: [keep]}
    - {field: nowhere.tags, operator: in, value: [keep]}
    - {field: info.ratio, operator: bogus, value: 1}
rules:
  - name: r
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
)");
    EXPECT_EQ(result.rules, nullptr);
    const std::string errors = all_errors(result);
    EXPECT_NE(errors.find(":4:"), std::string::npos) << errors;
    EXPECT_NE(errors.find(":5:"), std::string::npos) << errors;
    auto empty = load("protect: []\nrules: []\n");
    EXPECT_EQ(empty.rules, nullptr) << "an empty protect is a mistake, never 'protect nothing' silently";
}

}  // namespace
}  // namespace qbt::rules
