// Unknown QBT_RULES_* environment names are reported as warnings (the load goes on).
#include "test_support.hpp"

#include <algorithm>

namespace qbt::config::test {
namespace {

bool has_warning(const Config& config, const std::string& part) {
    return std::any_of(config.warnings.begin(), config.warnings.end(),
                       [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

TEST(UnknownEnv, TypoIsAWarningNamingTheNearestSetting) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QUEUE_BAKEND"] = "redis";
    Config config = load_config(options);
    ASSERT_EQ(config.warnings.size(), 1u);
    EXPECT_EQ(config.warnings[0],
              "environment variable QBT_RULES_QUEUE_BAKEND is not a qbt-rules setting; ignored "
              "(did you mean QBT_RULES_QUEUE_BACKEND?)");
    EXPECT_EQ(config.queue.backend, "sqlite") << "the typo must not change anything";
}

TEST(UnknownEnv, KnownNamesAliasesFilesScheduleAndOtherVariablesAreNotReported) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_SERVER_PORT"] = "1002";
    options.env["QBT_RULES_SERVER_API_KEY_FILE"] = dir.write("key", "0123456789abcdef0123456789abcdef\n");
    options.env["QBT_RULES_LOG_LEVEL"] = "DEBUG";  // an alias
    options.env["QBT_RULES_CONFIG_DIR"] = dir.path();
    options.env["QBT_RULES_SCHEDULE_1_CRON"] = "*/5 * * * *";
    options.env["QBT_RULES_SCHEDULE_1_CONTEXT"] = "scheduled";
    options.env["QBT_RULES_PLUGINS_BUILTIN_DIR"] = "/somewhere";
    options.env["PATH"] = "/usr/bin";
    options.env["QBT_OTHER_TOOL_SETTING"] = "x";
    Config config = load_config(options);
    EXPECT_TRUE(config.warnings.empty()) << config.warnings.front();
}

TEST(UnknownEnv, KeysOfDeclaredInstancesAreKnownAndOthersNameTheProblem) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_INSTANCES"] = "home,seedbox-1";
    options.env["QBT_RULES_QBITTORRENT_HOME_HOST"] = "http://127.0.0.1:8080";
    options.env["QBT_RULES_QBITTORRENT_SEEDBOX_1_HOST"] = "http://127.0.0.1:8081";
    options.env["QBT_RULES_QBITTORRENT_SEEDBOX_1_PASSWORD_FILE"] = dir.write("pw", "secret\n");
    options.env["QBT_RULES_QBITTORRENT_OFFICE_PASSWORD"] = "x";  // never declared
    Config config = load_config(options);
    ASSERT_EQ(config.warnings.size(), 1u) << config.warnings.front();
    EXPECT_TRUE(has_warning(config, "QBT_RULES_QBITTORRENT_OFFICE_PASSWORD is not a qbt-rules setting"));
    EXPECT_TRUE(has_warning(config, "names no configured qBittorrent instance"));
    EXPECT_FALSE(has_warning(config, "\"x\"")) << "a value must never be shown";
}

}  // namespace
}  // namespace qbt::config::test
