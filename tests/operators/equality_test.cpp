// `==`, `!=`, `in`, `not_in` on strings, ints, doubles, bools and null.
#include "cases.hpp"

using qbt_test::Case;
using qbt_test::CorePlugin;
using qbt_test::Value;

TEST(Equality, NumbersCompareNumerically) {
    qbt_test::expect_cases({
        {"==", 2, 2, 1},
        {"==", 2, 2.0, 1},
        {"==", 2.0, 2, 1},
        {"==", 1.5, 1.5, 1},
        {"==", 2, 3, 0},
        {"==", 0.1, 0.2, 0},
        {"==", Value(int64_t{9007199254740993}), Value(int64_t{9007199254740992}), 0},  // exact ints
        {"==", -1, -1.0, 1},
        {"==", 2, "2.0", 1},      // numeric string field vs number
        {"==", "2", 2, 1},        // numeric string value vs number field
        {"==", "1.0", 1.0, 1},    // what `${vars.x}` inside quotes yields
        {"==", "1e3", 1000, 1},
        {"==", "two", 2, 0},
        {"==", " 2", 2, 0},       // only a string that is wholly a number
        {"==", "+2", 2, 0},
        {"!=", 2, 2.0, 0},
        {"!=", 2, 3, 1},
        {"!=", "2", 2, 0},
    });
}

TEST(Equality, StringsExactAndCaseSensitive) {
    qbt_test::expect_cases({
        {"==", "movies", "movies", 1},
        {"==", "movies", "Movies", 0},
        {"==", "movies", "movies ", 0},
        {"==", "", "", 1},
        {"==", "2", "2.0", 0},  // two strings compare as text
        {"==", "héllo", "héllo", 1},
        {"!=", "movies", "Movies", 1},
        {"!=", "movies", "movies", 0},
    });
}

TEST(Equality, BooleansAsBooleans) {
    qbt_test::expect_cases({
        {"==", true, true, 1},
        {"==", true, false, 0},
        {"==", false, false, 1},
        {"==", "true", true, 1},   // `value: 'true'` against a bool field
        {"==", "False", false, 1},
        {"==", "false", true, 0},
        {"==", true, "true", 1},
        {"==", "yes", true, 0},
        {"==", true, 1, 0},        // a bool is not a number
        {"==", 1, true, 0},
        {"!=", true, false, 1},
        {"!=", "true", true, 0},
    });
}

TEST(Equality, MismatchedKindsNeverEqual) {
    qbt_test::expect_cases({
        {"==", "abc", 1, 0},
        {"==", 1, "abc", 0},
        {"==", nullptr, nullptr, 1},
        {"==", nullptr, "", 0},
        {"==", "", nullptr, 0},
        {"==", 0, nullptr, 0},
        {"==", "x", Value::object({{"x", 1}}), 0},
        {"!=", "abc", 1, 1},
        {"!=", 1, Value::object({}), 1},
        {"!=", nullptr, 0, 1},
    });
}

TEST(Equality, RejectsListsAndObjectsAsTheValue) {
    for (const char* op : {"==", "!="}) {
        auto list = CorePlugin::get().compile(op, Value::list({1, 2}));
        EXPECT_EQ(list.rc, QBT_E_INVALID);
        EXPECT_NE(list.message.find("got a list"), std::string::npos) << list.message;
        EXPECT_NE(list.message.find("in' for a list"), std::string::npos) << list.message;
        EXPECT_NE(list.message.find(op), std::string::npos) << list.message;
        EXPECT_EQ(CorePlugin::get().compile(op, Value::object({{"a", 1}})).rc, QBT_E_INVALID);
    }
}

TEST(Membership, InAndNotIn) {
    const Value keep = Value::list({"keep", "seedbox", 3, 2.5, true});
    qbt_test::expect_cases({
        {"in", keep, "keep", 1},
        {"in", keep, "seedbox", 1},
        {"in", keep, "Keep", 0},
        {"in", keep, "other", 0},
        {"in", keep, 3.0, 1},      // numeric equality as for ==
        {"in", keep, "3", 1},
        {"in", keep, 2.5, 1},
        {"in", keep, 4, 0},
        {"in", keep, true, 1},
        {"in", keep, false, 0},
        {"in", "keep", "keep", 1},  // a scalar value is a one-item list
        {"in", "keep", "keeper", 0},
        {"in", 7, 7, 1},
        {"in", Value::list({}), "x", 0},
        {"not_in", keep, "keep", 0},
        {"not_in", keep, "other", 1},
        {"not_in", keep, 3, 0},
        {"not_in", "keep", "keep", 0},
        {"not_in", "keep", "x", 1},
        {"not_in", Value::list({}), "x", 1},
    });
}

TEST(Membership, RejectsNestedListsAndMappings) {
    auto nested = CorePlugin::get().compile("in", Value::list({"a", Value::list({"b"})}));
    EXPECT_EQ(nested.rc, QBT_E_INVALID);
    EXPECT_NE(nested.message.find("item 2"), std::string::npos) << nested.message;
    EXPECT_EQ(CorePlugin::get().compile("not_in", Value::object({{"a", 1}})).rc, QBT_E_INVALID);
    EXPECT_EQ(CorePlugin::get().compile("in", Value::list({nullptr, "x"})).rc, QBT_OK);
}
