#include "disk/root_check.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "disk/file_stat.hpp"

namespace qbt::disk {

std::string directory_problem(const std::string& path) {
    const FileStat stat = stat_path(path);
    if (!stat.present()) return stat.problem();
    if (!stat.directory) return "not a directory";
    if (::access(path.c_str(), R_OK | X_OK) != 0) return std::string("not readable (") + std::strerror(errno) + ")";
    return "";
}

}  // namespace qbt::disk
