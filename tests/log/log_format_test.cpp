// What our log looks like (log/logging.hpp), normally and in trace mode (qbt-rules 0.6's
// --trace / logging.trace_mode): the line format, the level each mode lets through, and the
// source location only where a call site records one. The real binary's --trace:
// tests/e2e/validate_cli_test.sh.
#include "log/logging.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace qbt::log {
namespace {

namespace fs = std::filesystem;

class LogFormat : public ::testing::Test {
protected:
    void TearDown() override { configure(LogOptions{}); }

    // Configures, logs a line at each level (one with its source location), returns the file.
    std::vector<std::string> lines_with(LogOptions options) {
        options.file = file_.string();
        fs::remove(file_);
        configure(options);
        spdlog::trace("a trace line");
        spdlog::debug("a debug line");
        spdlog::info("an info line");
        SPDLOG_LOGGER_CALL(spdlog::default_logger_raw(), spdlog::level::warn, "a warning with its source");
        plugin_logger()->trace("org.example: a plugin's trace line");
        spdlog::default_logger()->flush();
        plugin_logger()->flush();
        std::ifstream in(file_);
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);) out.push_back(line);
        return out;
    }

    fs::path file_ = fs::path(::testing::TempDir()) / "qbt-log-format-test.log";
};

const std::string kStamp = R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})";

TEST_F(LogFormat, NormalLinesAreStampLevelLoggerMessageFromInfoUp) {
    const auto lines = lines_with({"INFO", "", false});
    ASSERT_EQ(lines.size(), 2u) << "trace and debug are below INFO";
    EXPECT_TRUE(std::regex_match(lines[0], std::regex(kStamp + R"( info  \[qbt-rules\] an info line)"))) << lines[0];
    EXPECT_TRUE(std::regex_match(lines[1], std::regex(kStamp + R"( warning \[qbt-rules\] a warning with its source)")))
        << lines[1] << ": no source location outside trace mode";
}

TEST_F(LogFormat, TraceModeShowsEveryLevelTheThreadAndSourceWhereKnown) {
    const auto lines = lines_with({"WARNING", "", true});  // trace mode wins over the level
    ASSERT_EQ(lines.size(), 5u);
    const std::string thread = R"( \[thread \d+\] )";
    EXPECT_TRUE(std::regex_match(lines[0], std::regex(kStamp + R"( trace \[qbt-rules\])" + thread + "a trace line")))
        << lines[0];
    EXPECT_TRUE(std::regex_match(lines[1], std::regex(kStamp + R"( debug \[qbt-rules\])" + thread + "a debug line")))
        << lines[1];
    EXPECT_TRUE(std::regex_match(lines[2], std::regex(kStamp + R"( info  \[qbt-rules\])" + thread + "an info line")))
        << lines[2] << ": a call without a source location ends with the message, never \"(:)\"";
    EXPECT_TRUE(std::regex_match(
        lines[3], std::regex(kStamp + R"( warning \[qbt-rules\])" + thread +
                             R"(a warning with its source \(log_format_test\.cpp:\d+ .*lines_with.*\))")))
        << lines[3];
    EXPECT_TRUE(std::regex_match(lines[4], std::regex(kStamp + R"( trace \[plugin\])" + thread +
                                                      "org.example: a plugin's trace line")))
        << lines[4];
}

}  // namespace
}  // namespace qbt::log
