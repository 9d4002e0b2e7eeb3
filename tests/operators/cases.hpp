// Table-driven operator cases: {operator, expected, actual, wanted match() result}.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loaded_plugin.hpp"

namespace qbt_test {

struct Case {
    std::string op;
    Value expected;
    Value actual;
    int want;  // 1 holds, 0 does not, or a negative QBT_E_* code
};

inline std::string show(const qbt_value* v) {
    switch (v->type) {
        case QBT_VALUE_NULL: return "null";
        case QBT_VALUE_BOOL: return v->as.boolean ? "true" : "false";
        case QBT_VALUE_INT: return std::to_string(v->as.integer) + "(int)";
        case QBT_VALUE_DOUBLE: return std::to_string(v->as.number) + "(double)";
        case QBT_VALUE_STRING: return "'" + std::string(v->as.string.data, v->as.string.size) + "'";
        case QBT_VALUE_ARRAY: {
            std::string out = "[";
            for (size_t i = 0; i < v->as.array.count; ++i)
                out += (i ? ", " : "") + show(&v->as.array.items[i]);
            return out + "]";
        }
        default: return "{object}";
    }
}

inline void expect_cases(const std::vector<Case>& cases, int64_t now = 1'700'000'000) {
    for (const Case& c : cases) {
        const Outcome got = CorePlugin::get().evaluate(c.op, c.expected, c.actual, now);
        EXPECT_EQ(got.rc, c.want) << show(c.actual.get()) << " " << c.op << " "
                                  << show(c.expected.get()) << (got.message.empty() ? "" : ": ")
                                  << got.message;
    }
}

}  // namespace qbt_test
