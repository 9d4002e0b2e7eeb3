// Test helper: a plugin::Registry filled by dlopen()ing plugin files directly.
#pragma once

#include "plugin/registry.hpp"

#include <memory>
#include <string>
#include <vector>

namespace qbt::test {

// Loads each file (never unloaded) and registers its operators and actions.
// Problems are appended to `problems`; a file that cannot be loaded is skipped.
std::unique_ptr<plugin::Registry> registry_from_files(const std::vector<std::string>& files,
                                                      std::vector<std::string>& problems);

}  // namespace qbt::test
