// "Did you mean ...?": the candidate nearest to a misspelt name.
#pragma once

#include <string>
#include <vector>

namespace qbt::config::detail {

// The candidate at the smallest edit distance (insert, delete, replace one character) from
// `name`, if that distance is at most max_edits; else "".
std::string nearest_name(const std::string& name, const std::vector<std::string>& candidates, size_t max_edits);

}  // namespace qbt::config::detail
