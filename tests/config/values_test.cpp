// Value parsing: durations, booleans, lists, sizes, plugins.config as JSON.
#include <rapidjson/document.h>

#include "test_support.hpp"

namespace qbt::config::test {
namespace {

Config load_with_cli(const std::map<std::string, std::string>& cli) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.cli = cli;
    return load_config(options);
}

TEST(ConfigValues, CleanupAfterDurations) {
    EXPECT_EQ(load_with_cli({{"queue.cleanup_after", "7d"}}).queue.cleanup_after_seconds,
              7 * 86400);
    EXPECT_EQ(load_with_cli({{"queue.cleanup_after", "2w"}}).queue.cleanup_after_seconds,
              14 * 86400);
    EXPECT_EQ(load_with_cli({{"queue.cleanup_after", "30 days"}}).queue.cleanup_after_seconds,
              30 * 86400);
    EXPECT_EQ(load_with_cli({{"queue.cleanup_after", "3600"}}).queue.cleanup_after_seconds,
              3600);
    EXPECT_EQ(load_with_cli({{"queue.cleanup_after", "0"}}).queue.cleanup_after_seconds, 0);
}

TEST(ConfigValues, DurationsFromYaml) {
    TempDir dir;
    dir.write("config.yml",
              "queue:\n  cleanup_after: 2w\n  poll_interval: 0.25\n"
              "qbittorrent:\n  timeout: 2m\n  connect_timeout: 1.5\n");
    Config config = load_config(options_in(dir));
    EXPECT_EQ(config.queue.cleanup_after_seconds, 14 * 86400);
    EXPECT_DOUBLE_EQ(config.queue.poll_interval_seconds, 0.25);
    EXPECT_DOUBLE_EQ(config.qbittorrent.timeout_seconds, 120);
    EXPECT_DOUBLE_EQ(config.qbittorrent.connect_timeout_seconds, 1.5);
}

TEST(ConfigValues, Booleans) {
    for (const char* yes : {"true", "TRUE", "yes", "Yes", "1", "on", "ON"})
        EXPECT_TRUE(load_with_cli({{"engine.dry_run", yes}}).engine.dry_run) << yes;
    for (const char* no : {"false", "False", "no", "NO", "0", "off", "Off"})
        EXPECT_FALSE(load_with_cli({{"plugins.probe", no}}).plugins.probe) << no;
}

TEST(ConfigValues, PluginDirsColonSplitFromEnvAndListFromYaml) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_PLUGINS_DIRS"] = "/a:/b/c::/d";
    EXPECT_EQ(load_config(options).plugins.dirs, (std::vector<std::string>{"/a", "/b/c", "/d"}));

    dir.write("config.yml", "plugins:\n  dirs:\n    - /x\n    - /y z\n");
    EXPECT_EQ(load_config(options_in(dir)).plugins.dirs,
              (std::vector<std::string>{"/x", "/y z"}));
}

TEST(ConfigValues, SizesAndEnums) {
    EXPECT_EQ(load_with_cli({{"server.max_request_bytes", "1MiB"}}).server.max_request_bytes,
              1048576);
    EXPECT_EQ(load_with_cli({{"queue.sqlite_synchronous", "FULL"}}).queue.sqlite_synchronous,
              "full");
    EXPECT_EQ(load_with_cli({{"logging.level", "critical"}}).logging.level, "ERROR");
    EXPECT_EQ(load_with_cli({{"queue.backend", "redis"}}).queue.backend, "redis");
}

TEST(ConfigValues, PluginConfigSectionBecomesJson) {
    TempDir dir;
    dir.write("config.yml",
              "plugins:\n"
              "  config:\n"
              "    notify:\n"
              "      url: http://127.0.0.1:9000/hook\n"
              "      retries: 3\n"
              "      ratio: 1.5\n"
              "      enabled: true\n"
              "      quoted: \"42\"\n"
              "      nothing: ~\n"
              "      tags: [a, b]\n"
              "      nested: {depth: 2}\n"
              "    empty:\n");
    Config config = load_config(options_in(dir));
    ASSERT_EQ(config.plugins.config_json.size(), 2u);
    EXPECT_EQ(config.plugins.config_json.at("empty"), "{}");
    rapidjson::Document doc;
    ASSERT_FALSE(doc.Parse(config.plugins.config_json.at("notify").c_str()).HasParseError());
    EXPECT_STREQ(doc["url"].GetString(), "http://127.0.0.1:9000/hook");
    EXPECT_EQ(doc["retries"].GetInt64(), 3);
    EXPECT_DOUBLE_EQ(doc["ratio"].GetDouble(), 1.5);
    EXPECT_TRUE(doc["enabled"].GetBool());
    EXPECT_STREQ(doc["quoted"].GetString(), "42");
    EXPECT_TRUE(doc["nothing"].IsNull());
    ASSERT_TRUE(doc["tags"].IsArray());
    EXPECT_STREQ(doc["tags"][1].GetString(), "b");
    EXPECT_EQ(doc["nested"]["depth"].GetInt64(), 2);
    EXPECT_EQ(config.sources.at("plugins.config.notify"), dir.path() + "/config.yml:3");
}

}  // namespace
}  // namespace qbt::config::test
