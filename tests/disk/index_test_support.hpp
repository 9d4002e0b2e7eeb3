// Helpers for the host/disk tests: files in a temporary directory, torrents over them,
// and running code without root's right to read everything.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "disk/file_usage_index.hpp"
#include "temp_dir.hpp"

namespace qbt::disk::test {

inline std::filesystem::path write_file(const std::filesystem::path& path, const std::string& content = "data") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

// A torrent over `paths` (all wanted).
inline TorrentInput torrent(const std::string& instance, const std::string& hash,
                            const std::vector<std::filesystem::path>& paths) {
    TorrentInput input{{instance, hash}, "name-" + hash, {}, "", false};
    for (const auto& path : paths) input.files.push_back({path.string(), 4, true, std::nullopt});
    return input;
}

// Runs `fn` with the credentials of nobody (65534) on a thread of its own: a raw
// setresuid changes only the calling thread (glibc's wrapper would change them all), so
// root's permission to read everything (the tests run as root) is gone for `fn` alone.
inline void as_nobody(const std::function<void()>& fn) {
    if (::geteuid() != 0) {
        fn();
        return;
    }
    std::thread thread([&] {
        if (::syscall(SYS_setgroups, 0, nullptr) != 0 || ::syscall(SYS_setresgid, 65534, 65534, 65534) != 0 ||
            ::syscall(SYS_setresuid, 65534, 65534, 65534) != 0) {
            ADD_FAILURE() << "as_nobody: cannot drop root's credentials";
            return;
        }
        fn();
    });
    thread.join();
}

}  // namespace qbt::disk::test
