// The plugin as the host sees it: entry symbol, ABI version, factories, operator table.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

#include "loaded_plugin.hpp"

using qbt_test::CorePlugin;

TEST(CoreOperatorsEntry, DeclaresAbiAndIdentity) {
    const qbt_plugin_entry& e = CorePlugin::get().entry();
    EXPECT_EQ(e.struct_size, sizeof(qbt_plugin_entry));
    EXPECT_EQ(e.abi_major, static_cast<uint32_t>(QBT_ABI_MAJOR));
    EXPECT_LE(e.abi_minor, static_cast<uint32_t>(QBT_ABI_MINOR));
    EXPECT_STREQ(e.id, "org.qbt-rules.core-operators");
    ASSERT_NE(e.name, nullptr);
    ASSERT_NE(e.version, nullptr);
    EXPECT_NE(e.deinit, nullptr);
}

TEST(CoreOperatorsEntry, OffersOnlyTheConditionOperatorFactory) {
    const qbt_plugin_entry& e = CorePlugin::get().entry();
    EXPECT_NE(e.get_factory(QBT_CONDITION_OPERATOR_FACTORY_ID), nullptr);
    EXPECT_EQ(e.get_factory(QBT_ACTION_FACTORY_ID), nullptr);
    EXPECT_EQ(e.get_factory("qbt.condition-operator/2"), nullptr);
    EXPECT_EQ(e.get_factory(""), nullptr);
    EXPECT_EQ(e.get_factory(nullptr), nullptr);
}

TEST(CoreOperatorsEntry, ListsEveryOperatorWithNegativeFlagOnlyWhereTheContractSays) {
    const std::map<std::string, bool> wanted = {
        {"==", false},          {"!=", true},          {"contains", false}, {"not_contains", true},
        {"matches", false},     {"in", false},         {"not_in", true},    {">", false},
        {"<", false},           {">=", false},         {"<=", false},       {"older_than", false},
        {"newer_than", false},  {"larger_than", false}, {"smaller_than", false}};
    const qbt_condition_operator_factory& f = CorePlugin::get().factory();
    EXPECT_EQ(f.struct_size, sizeof(qbt_condition_operator_factory));
    ASSERT_EQ(f.count, wanted.size());
    std::map<std::string, bool> seen;
    for (uint32_t i = 0; i < f.count; ++i) {
        const qbt_condition_operator* op = f.operators[i];
        ASSERT_NE(op, nullptr);
        EXPECT_EQ(op->struct_size, sizeof(qbt_condition_operator));
        ASSERT_NE(op->name, nullptr);
        EXPECT_NE(op->description, nullptr) << op->name;
        EXPECT_TRUE(op->compile && op->match && op->release) << op->name;
        EXPECT_EQ(op->flags & ~QBT_OPERATOR_NEGATIVE, 0u) << op->name;
        seen[op->name] = (op->flags & QBT_OPERATOR_NEGATIVE) != 0;
    }
    EXPECT_EQ(seen, wanted);
}

TEST(CoreOperatorsEntry, MatchWithoutContextIsAnErrorNotACrash) {
    const qbt_condition_operator* op = CorePlugin::get().find("older_than");
    ASSERT_NE(op, nullptr);
    qbt_test::Value expected("1 day"), actual(1);
    qbt_error err{};
    void* state = nullptr;
    ASSERT_EQ(op->compile(expected.get(), &state, &err), QBT_OK);
    EXPECT_EQ(op->match(state, actual.get(), nullptr, &err), QBT_E_INVALID);
    op->release(state);
}
