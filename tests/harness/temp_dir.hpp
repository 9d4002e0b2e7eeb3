// A private temporary directory that is removed (recursively) when the object dies.
#pragma once

#include <filesystem>
#include <string>

namespace qbt::testing {

class TempDir {
public:
    // Creates $TMPDIR/<prefix>XXXXXX (or /tmp). Throws std::runtime_error on failure.
    explicit TempDir(const std::string& prefix = "qbt-test-");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace qbt::testing
