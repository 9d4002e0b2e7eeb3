// State shared by the pieces of the rules loader: where we are, what went wrong,
// the plugin registry and the refs table.
#pragma once

#include "rules/rule_model.hpp"
#include "rules/rules_refs.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::plugin {
class Registry;
}

namespace qbt::rules {

struct LoadContext {
    LoadContext(std::string file_name, const plugin::Registry& plugins)
        : file(std::move(file_name)), registry(plugins) {}

    std::string file;
    const plugin::Registry& registry;
    RefTable refs;
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;
    std::string rule;   // the rule being compiled, for diagnostics ("" outside rules)
    std::string scope;  // "refs.conditions.x" while compiling a ref body, else ""

    SourceLocation at(const YAML::Node& node) const;
    void error(const YAML::Node& node, const std::string& message);
    void error(const SourceLocation& where, const std::string& message);
    void warning(const SourceLocation& where, const std::string& message);
};

// Remembers the error count, to ask afterwards whether a piece compiled cleanly.
class ErrorCheckpoint {
public:
    explicit ErrorCheckpoint(const LoadContext& ctx) : ctx_(ctx), before_(ctx.errors.size()) {}
    bool clean() const { return ctx_.errors.size() == before_; }

private:
    const LoadContext& ctx_;
    size_t before_;
};

// A mapping's value for `key`, or an undefined node. Never inserts (unlike a
// non-const operator[]); the first of duplicated keys wins (check_keys reports them).
YAML::Node find_key(const YAML::Node& map, std::string_view key);
bool has_key(const YAML::Node& map, std::string_view key);

// Reports keys of `map` that are not in `allowed`, non-scalar keys and repeated keys.
// `what` names the mapping in messages ("a rule", "a condition").
void check_keys(LoadContext& ctx, const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                const std::string& what);

// A non-empty plain string from a scalar node; reports and returns false otherwise.
bool read_string(LoadContext& ctx, const YAML::Node& node, const std::string& what, std::string& out);
// A boolean (true/false, yes/no, on/off); reports and returns false otherwise.
bool read_bool(LoadContext& ctx, const YAML::Node& node, const std::string& what, bool& out);

std::string join(const std::vector<std::string>& names, std::string_view separator = ", ");

}  // namespace qbt::rules
