// Validation of an action's params at rule load. Every error names the action and
// the param, so a user can find the line in rules.yml.
#pragma once

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/value_view.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::core_actions {

class Params {
public:
    // Throws sdk::Error(QBT_E_INVALID) when params is not an object or holds a key not
    // in `allowed`. A missing or null params value counts as no params.
    Params(sdk::ValueView params, std::string action, std::initializer_list<std::string_view> allowed);

    const std::string& action() const { return action_; }
    bool has(std::string_view name) const { return !params_.get(name).missing(); }
    sdk::ValueView get(std::string_view name) const { return params_.get(name); }

    // true/false (also the YAML words yes/no/on/off and "true"/"false" as text).
    std::optional<bool> boolean(std::string_view name) const;
    // A string; nullopt when absent.
    std::optional<std::string> string(std::string_view name) const;
    // A list of strings or one string; nullopt when absent.
    std::optional<std::vector<std::string>> string_list(std::string_view name) const;

    // Throw "<action>: param '<name>' <what>".
    [[noreturn]] void fail(std::string_view name, const std::string& what) const;
    // Describe a value for messages: "5", "\"x\"", "a list".
    static std::string describe(sdk::ValueView value);

private:
    sdk::ValueView params_;
    std::string action_;
};

}  // namespace qbt::core_actions
