// Builders for hand-made RuleSets in engine tests (no YAML needed).
#pragma once

#include "engine/rule_model.hpp"
#include "plugin/registry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qbt::testing {

// "info.ratio", ">", "1.0" (expected as JSON text). Throws when the operator is unknown
// or rejects the value.
engine::Condition cond(const plugin::Registry& registry, const std::string& field, const std::string& op,
                       const std::string& expected_json);
engine::Group all(std::vector<engine::GroupItem> items);
engine::Group any(std::vector<engine::GroupItem> items);
engine::Group none(std::vector<engine::GroupItem> items);
engine::Action act(const plugin::Registry& registry, const std::string& type, const std::string& params_json = "{}");

struct RuleOptions {
    std::vector<std::string> contexts;
    bool stop_on_match = false;
    std::optional<int> max_deletes;
    bool enabled = true;
};
engine::Rule rule(const std::string& name, engine::Group conditions, std::vector<engine::Action> actions,
                  RuleOptions options = {});

}  // namespace qbt::testing
