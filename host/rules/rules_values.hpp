// YAML values of rules.yml as JSON: scalar typing and ${vars.NAME} substitution.
#pragma once

#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace qbt::rules {

struct LoadContext;

// True for an unquoted scalar (quoted and block scalars are always strings).
bool is_plain(const YAML::Node& scalar);
bool is_yaml_null(std::string_view text);            // "", ~, null, Null, NULL
std::optional<bool> yaml_bool(std::string_view text);  // PyYAML's set: true/yes/on, false/no/off

// Converts `node` into `out`. With `substitute`, `${vars.NAME}` references in strings are
// replaced: a string that is exactly one reference becomes the var's value with its type
// (a list stays a list); references inside longer text are interpolated as text.
// Reports problems (unknown var, a list interpolated into text) and returns false.
bool yaml_to_json(LoadContext& ctx, const YAML::Node& node, rapidjson::Value& out,
                  rapidjson::Document::AllocatorType& allocator, bool substitute);

std::string json_text(const rapidjson::Value& value);

}  // namespace qbt::rules
