// Helpers for the config tests: a temporary directory with files in it, and loading.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace qbt::config::test {

class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "qbt-config-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string write(const std::string& name, const std::string& content) const {
        std::string file = path_ + "/" + name;
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }

private:
    std::string path_;
};

// Options reading `dir`/config.yml (if written) with the given env and no real environment.
inline LoadOptions options_in(const TempDir& dir) {
    LoadOptions options;
    options.config_dir = dir.path();
    return options;
}

// Loads and returns the problems (fails the test if loading succeeded).
inline std::vector<std::string> problems_of(const LoadOptions& options) {
    try {
        load_config(options);
    } catch (const ConfigError& e) {
        return e.problems;
    }
    ADD_FAILURE() << "load_config succeeded but errors were expected";
    return {};
}

inline std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += item + "\n";
    return text;
}

}  // namespace qbt::config::test
