#include "disk/file_stat.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace qbt::disk {

std::string FileStat::problem() const {
    switch (state) {
        case State::Present: return "";
        case State::Missing: return "missing";
        case State::Unreadable: return std::string("unreadable (") + std::strerror(error) + ")";
    }
    return "";
}

namespace {

FileStat stat_with(const std::string& path, bool follow) {
    FileStat out;
    struct stat st {};
    if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) {
        out.error = errno;
        out.state = errno == ENOENT || errno == ENOTDIR ? FileStat::State::Missing : FileStat::State::Unreadable;
        return out;
    }
    out.state = FileStat::State::Present;
    out.dev = static_cast<uint64_t>(st.st_dev);
    out.ino = static_cast<uint64_t>(st.st_ino);
    out.nlink = static_cast<uint64_t>(st.st_nlink);
    out.size = static_cast<uint64_t>(st.st_size);
    out.mtime = static_cast<int64_t>(st.st_mtim.tv_sec);
    out.ctime = static_cast<int64_t>(st.st_ctim.tv_sec);
    out.regular = S_ISREG(st.st_mode);
    out.directory = S_ISDIR(st.st_mode);
    out.symlink = S_ISLNK(st.st_mode);
    return out;
}

}  // namespace

FileStat stat_path(const std::string& path) { return stat_with(path, true); }
FileStat lstat_path(const std::string& path) { return stat_with(path, false); }

}  // namespace qbt::disk
