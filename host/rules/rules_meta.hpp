// qbt-rules 0.6's descriptive keys: a rule's `meta:` and `refs.meta:` (free-form mappings,
// `description:` by convention), and the file's `version:`. None of them changes what a
// rule does; meta is kept as JSON to be shown (GET /api/rules, dashboard, --validate).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace qbt::rules {

struct LoadContext;

inline constexpr int kRulesFileVersion = 1;  // the only `version:` this server reads

// `meta:` as JSON text ("" when absent or null); a non-mapping is an error.
std::string read_meta(LoadContext& ctx, const YAML::Node& node, const std::string& what);

// `refs.meta: {conditions: {NAME: {...}}, actions: {...}}` as JSON text ("" when absent).
std::string read_refs_meta(LoadContext& ctx, const YAML::Node& refs);

// meta's `description:` when it is text, else "" (for one-line listings).
std::string meta_description(const std::string& meta_json);

// `version:` absent or 1; anything else is an error at its line.
void check_version(LoadContext& ctx, const YAML::Node& version);

}  // namespace qbt::rules
