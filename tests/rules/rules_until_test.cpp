// rules_loader: `until: {free_space: SIZE}` and `order_by: [-]info.KEY` (issue 15).
#include "rules_test_support.hpp"

#include <gtest/gtest.h>

namespace qbt::rules {
namespace {

using namespace test_support;

TEST(RulesUntil, SizeAndOrderAreRead) {
    auto result = load(R"(refs:
  vars: {target: 1.5 GiB}
rules:
  - name: free
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: 200 GB}
    order_by: info.added_on
    actions: [{type: delete_torrent}]
  - name: vars
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: '${vars.target}'}
    order_by: -info.size
    actions: [{type: delete_torrent}]
  - name: bytes
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: 1000}
    order_by: info.ratio
    actions: [{type: delete_torrent}]
)");
    ASSERT_NE(result.rules, nullptr) << all_errors(result);
    const auto& rules = result.rules->rules;
    ASSERT_TRUE(rules[0].until && rules[0].order_by);
    EXPECT_EQ(rules[0].until->bytes, 200'000'000'000);
    EXPECT_EQ(rules[0].until->text, "200 GB");
    EXPECT_EQ(rules[0].until->where.line, 6);
    EXPECT_EQ(rules[0].order_by->key, "added_on");
    EXPECT_FALSE(rules[0].order_by->descending);
    EXPECT_EQ(rules[1].until->bytes, 1610612736);
    EXPECT_EQ(rules[1].order_by->key, "size");
    EXPECT_TRUE(rules[1].order_by->descending);
    EXPECT_EQ(rules[2].until->bytes, 1000);
}

TEST(RulesUntil, MistakesAreErrorsAtTheirLine) {
    auto result = load(R"(rules:
  - name: a
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: lots}
    order_by: info.added_on
    actions: [{type: delete_torrent}]
  - name: b
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: 10 GB}
    actions: [{type: delete_torrent}]
  - name: c
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    order_by: trackers.url
    actions: [{type: delete_torrent}]
  - name: d
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: {free_space: -5, space: 1}
    order_by: info.added_on
    actions: [{type: delete_torrent}]
  - name: e
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    until: 10 GB
    order_by: info.added_on
    actions: [{type: delete_torrent}]
)");
    EXPECT_EQ(result.rules, nullptr);
    EXPECT_TRUE(has_error(result, 4, "until: free_space must be a size greater than zero (e.g. 200 GB, 1.5 TiB, or "
                                     "bytes), got 'lots'"));
    EXPECT_TRUE(has_error(result, 9, "until needs order_by"));
    EXPECT_TRUE(has_error(result, 13, "order_by must be an info.* field"));
    EXPECT_TRUE(has_error(result, 13, "order_by only orders the steps of until"));
    EXPECT_TRUE(has_error(result, 17, "got '-5'"));
    EXPECT_TRUE(has_error(result, 17, "unknown key 'space'"));
    EXPECT_TRUE(has_error(result, 22, "until must be a mapping"));
    EXPECT_EQ(result.errors.size(), 7u) << all_errors(result);
}

TEST(RulesUntil, TheRestoreContextIsReserved) {
    auto result = load(R"(rules:
  - name: r
    context: [nightly, restore]
    conditions: [{field: info.ratio, operator: '>', value: 1}]
    actions: [{type: stop}]
)");
    EXPECT_TRUE(has_error(result, 3, "context 'restore' is reserved for recycle-bin restores"));
}

}  // namespace
}  // namespace qbt::rules
