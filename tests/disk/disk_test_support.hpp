// Helpers of the host/disk unit tests: files with given contents, reading them back, and a
// temporary folder on another file system (/dev/shm) for cross-file-system moves.
#pragma once

#include "temp_dir.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace qbt::testing {

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline dev_t device_of(const std::filesystem::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_dev : 0;
}

// A TempDir on /dev/shm when that is another file system than `near`, else nullptr.
inline std::unique_ptr<TempDir> temp_dir_elsewhere(const std::filesystem::path& near) {
    if (!std::filesystem::is_directory("/dev/shm") || device_of("/dev/shm") == device_of(near)) return nullptr;
    const char* old = std::getenv("TMPDIR");
    const std::string saved = old ? old : "";
    ::setenv("TMPDIR", "/dev/shm", 1);
    auto dir = std::make_unique<TempDir>("qbt-disk-other-");
    if (old) ::setenv("TMPDIR", saved.c_str(), 1); else ::unsetenv("TMPDIR");
    return dir;
}

}  // namespace qbt::testing
