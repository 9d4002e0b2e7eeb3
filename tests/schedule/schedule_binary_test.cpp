// The real executable with a schedule from the environment: it starts, GET /api/stats lists
// the next run (UTC shown, cron in the local zone TZ); an invalid cron refuses to start.
#include "child_process.hpp"
#include "http_test_client.hpp"
#include "net.hpp"
#include "temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace qbt::testing {
namespace {

const std::string kKey = "schedule-binary-test-key-0123456789";

class ScheduleBinary : public ::testing::Test {
protected:
    void SetUp() override {
        const char* exe_env = std::getenv("QBT_RULES_EXE");
        const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
        ASSERT_TRUE(exe_env && root) << "run through meson test";
        exe = exe_env;
        if (!fs::exists(exe)) GTEST_SKIP() << exe << " not built";
        fs::copy_file(fs::path(root) / "config" / "rules.default.yml", dir.path() / "rules.yml");
        port = free_port();
        env = {
            {"TZ", "UTC0"},
            {"QBT_RULES_CONFIG_DIR", dir.path().string()},
            {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
            {"QBT_RULES_SERVER_PORT", std::to_string(port)},
            {"QBT_RULES_SERVER_API_KEY", kKey},
            {"QBT_RULES_QBITTORRENT_HOST", "http://127.0.0.1:9"},
            {"QBT_RULES_PLUGINS_DIRS", (dir.path() / "no-user-plugins").string()},
            {"QBT_RULES_SCHEDULE_0_CRON", "0 0 1 1 *"},
            {"QBT_RULES_SCHEDULE_0_CONTEXT", "new-year"},
        };
    }
    void TearDown() override {
        for (const auto& [name, value] : env) unsetenv(name.c_str());
    }
    void launch() {
        for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
        server.start({exe, "--serve"}, log);
    }

    TempDir dir{"qbt-schedule-bin-"};
    std::string exe;
    int port = 0;
    std::map<std::string, std::string> env;
    std::string log = (dir.path() / "server.log").string();
    ChildProcess server;
};

bool wait_for(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

TEST_F(ScheduleBinary, StatsListTheNextRun) {
    launch();
    ASSERT_TRUE(wait_for([&] { return port_open(port); }, std::chrono::seconds(30))) << file_tail(log);
    const auto r = http_request("GET", "http://127.0.0.1:" + std::to_string(port) + "/api/stats", "",
                                {"X-API-Key: " + kKey});
    ASSERT_EQ(r.code, 200) << r.body;
    auto stats = parse_json(r.body);
    ASSERT_TRUE(stats.HasMember("schedule")) << r.body;
    ASSERT_EQ(stats["schedule"].Size(), 1u);
    EXPECT_STREQ(stats["schedule"][0]["context"].GetString(), "new-year");
    EXPECT_THAT(stats["schedule"][0]["next_run"].GetString(), HasSubstr("-01-01T00:00:00Z"));
    server.stop(10);
    EXPECT_THAT(file_tail(log, 20000), HasSubstr("scheduler started with 1 entry"));
}

TEST_F(ScheduleBinary, AnInvalidCronRefusesToStart) {
    env["QBT_RULES_SCHEDULE_0_CRON"] = "0 0 1 13 *";
    launch();
    ASSERT_TRUE(wait_for([&] { return !server.running(); }, std::chrono::seconds(30))) << file_tail(log);
    EXPECT_EQ(server.exit_description(), "exit status 2");
    EXPECT_THAT(file_tail(log), HasSubstr("month field '13'"));
    EXPECT_FALSE(port_open(port));
}

}  // namespace
}  // namespace qbt::testing
