// Builders for hand-made RuleSets in engine tests (no YAML needed).
#pragma once

#include "engine/disk_scope.hpp"
#include "fake_web_api.hpp"
#include "rules/rule_model.hpp"
#include "plugin/registry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qbt::testing {

// "info.ratio", ">", "1.0" (expected as JSON text). Throws when the operator is unknown
// or rejects the value.
rules::Condition cond(const plugin::Registry& registry, const std::string& field, const std::string& op,
                      const std::string& expected_json);
rules::Group all(std::vector<rules::GroupItem> items);
rules::Group any(std::vector<rules::GroupItem> items);
rules::Group none(std::vector<rules::GroupItem> items);
rules::Action act(const plugin::Registry& registry, const std::string& type, const std::string& params_json = "{}");

struct RuleOptions {
    std::vector<std::string> contexts;
    bool stop_on_match = false;
    std::optional<int> max_deletes;
    bool enabled = true;
};
rules::Rule rule(const std::string& name, rules::Group conditions, std::vector<rules::Action> actions,
                 RuleOptions options = {});

// A disk scope of "default" (`own`) and an instance "b" whose torrents/info always fails
// (`down` is made to fail here): the file-usage index is then incomplete.
std::shared_ptr<engine::DiskScope> scope_with_unreachable(webapi::WebApi& own, FakeWebApi& down);

}  // namespace qbt::testing
