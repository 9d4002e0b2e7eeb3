// Whether a mapped local root (the local side of a qbittorrent.path_map entry) can be read:
// checked at start by --validate and by GET /api/health.
#pragma once

#include <string>

namespace qbt::disk {

// "" when `path` is a directory this process may list and enter; else what is wrong:
// "missing", "not a directory", "not readable (Permission denied)".
std::string directory_problem(const std::string& path);

}  // namespace qbt::disk
