// Shared by the rules_loader tests: a registry of the REAL built-in plugins, and
// assertions on diagnostics.
#pragma once

#include "rules/rules_loader.hpp"
#include "plugin/registry.hpp"

#include <gtest/gtest.h>

#include <string>

namespace qbt::rules::test_support {

// qbt_core_operators.so and qbt_core_actions.so from QBT_RULES_PLUGINS_BUILTIN_DIR.
const plugin::Registry& test_registry();
LoadResult load(const std::string& yaml);  // as "rules.yml"
std::string all_errors(const LoadResult& result);
// Success when an error at `line` (1-based) mentions `text`.
::testing::AssertionResult has_error(const LoadResult& result, int line, const std::string& text);
const Condition& condition_at(const Group& group, size_t index);
const Group& group_at(const Group& group, size_t index);

}  // namespace qbt::rules::test_support
