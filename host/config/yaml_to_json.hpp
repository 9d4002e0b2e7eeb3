// Converts a YAML node (a plugin's config section) to JSON text.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace qbt::config::detail {

// Quoted scalars become strings; plain scalars become null, true/false, integers or numbers
// when they read as such (YAML 1.2 core schema), else strings. Throws std::invalid_argument
// (with the YAML line) for mapping keys that are not plain values.
std::string yaml_to_json(const YAML::Node& node);

}  // namespace qbt::config::detail
