// rules.yml `instance:` — shape errors at file:line, unknown names once the configured
// instances are known, and which rules a job of an instance runs.
#include "../rules/rules_test_support.hpp"
#include "rules/rule_instances.hpp"

namespace qbt::rules {
namespace {

using namespace test_support;

const char* kRules = R"(rules:
  - name: everywhere
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
  - name: seedbox only
    instance: seedbox
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
  - name: two of them
    instance: [home, seedbox]
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
)";

TEST(RuleInstances, ReadsANameOrAListAndAppliesThem) {
    auto result = load(kRules);
    ASSERT_TRUE(result.ok()) << all_errors(result);
    const auto& rules = result.rules->rules;
    EXPECT_TRUE(rules[0].instances.empty());
    EXPECT_EQ(rules[1].instances, std::vector<std::string>{"seedbox"});
    EXPECT_EQ(rules[2].instances, (std::vector<std::string>{"home", "seedbox"}));
    EXPECT_TRUE(rule_for_instance(rules[0], "home"));
    EXPECT_FALSE(rule_for_instance(rules[1], "home"));
    EXPECT_TRUE(rule_for_instance(rules[1], "seedbox"));
    EXPECT_TRUE(rule_for_instance(rules[2], "home"));
    EXPECT_FALSE(rule_for_instance(rules[2], "default"));
}

TEST(RuleInstances, ShapeErrorsNameTheLine) {
    auto result = load(R"(rules:
  - name: mapping
    instance: {home: 1}
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
  - name: bad name
    instance: [home, Sea Box]
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
  - name: empty
    instance: []
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
  - name: all is not a name
    instance: all
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 3, "instance (a qBittorrent instance name or a list of names)")) << all_errors(result);
    EXPECT_TRUE(has_error(result, 7, "instance name 'Sea Box' is not valid")) << all_errors(result);
    EXPECT_TRUE(has_error(result, 11, "an empty list would never run")) << all_errors(result);
    EXPECT_TRUE(has_error(result, 15, "instance 'all' is not a name")) << all_errors(result);
}

TEST(RuleInstances, UnknownNamesAreErrorsOnlyWhenTheConfiguredNamesAreGiven) {
    auto unchecked = load(kRules);
    check_rule_instances(unchecked, {});  // nothing to check against (e.g. a bare --validate)
    EXPECT_TRUE(unchecked.ok());

    auto fine = load(kRules);
    check_rule_instances(fine, {"home", "seedbox"});
    EXPECT_TRUE(fine.ok()) << all_errors(fine);

    auto typo = load(kRules);
    check_rule_instances(typo, {"home", "seedbx"});
    EXPECT_EQ(typo.rules, nullptr);  // never half a rule set
    EXPECT_TRUE(has_error(typo, 6, "instance 'seedbox' is not configured (configured: home, seedbx)")) << all_errors(typo);
    EXPECT_TRUE(has_error(typo, 10, "instance 'seedbox' is not configured")) << all_errors(typo);
    EXPECT_EQ(typo.errors.size(), 2u) << all_errors(typo);
}

}  // namespace
}  // namespace qbt::rules
