// The `refs:` section: vars, and named condition groups and action lists that rules
// use through `$ref: conditions.NAME` / `$ref: actions.NAME`. Each ref body is compiled
// once (its errors reported once, in the ref) and then shared by every rule using it.
#pragma once

#include "rules/rule_model.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qbt::rules {

template <class Compiled>
struct RefEntry {
    enum class State { Pending, Compiling, Done, Failed };
    YAML::Node body;
    YAML::Node name_node;  // where the ref is defined
    State state = State::Pending;
    Compiled compiled{};
};

struct RefTable {
    std::map<std::string, YAML::Node, std::less<>> vars;
    std::map<std::string, RefEntry<std::optional<GroupItem>>, std::less<>> conditions;
    std::map<std::string, RefEntry<std::vector<Action>>, std::less<>> actions;
    // Refs being compiled, outermost first ("conditions.a"), to name a cycle's chain.
    std::vector<std::string> compiling;
};

struct LoadContext;

// Reads `refs:` (vars, conditions, actions) into ctx.refs, reporting unknown keys.
void read_refs(LoadContext& ctx, const YAML::Node& refs);

// Splits "conditions.NAME" into kind and name; reports a malformed or wrong-kind path.
// `node` is the `$ref` value.
std::optional<std::string> ref_name(LoadContext& ctx, const YAML::Node& node, const std::string& kind);

// "conditions.a -> conditions.b -> conditions.a" when `path` is being compiled already.
std::optional<std::string> ref_cycle(const RefTable& refs, const std::string& path);

}  // namespace qbt::rules
