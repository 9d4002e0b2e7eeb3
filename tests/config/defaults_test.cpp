// Defaults, the config-dir rules, the shipped default file, and describe().
#include <cstdlib>
#include <iterator>
#include <map>

#include "test_support.hpp"

namespace qbt::config::test {
namespace {

TEST(ConfigDefaults, NoFileNoEnvGivesStructDefaults) {
    LoadOptions options;
    options.config_dir = "/config";
    options.env = {};
    if (std::filesystem::exists("/config/config.yml")) GTEST_SKIP() << "host has /config";
    Config config = load_config(options);
    EXPECT_EQ(config.config_dir, "/config");
    EXPECT_EQ(config.config_file, "");
    EXPECT_EQ(config.server.port, 5000);
    EXPECT_EQ(config.server.host, "0.0.0.0");
    EXPECT_EQ(config.queue.backend, "sqlite");
    EXPECT_EQ(config.queue.sqlite_path, "/config/qbt-rules.db");
    EXPECT_EQ(config.queue.cleanup_after_seconds, 7 * 86400);
    EXPECT_DOUBLE_EQ(config.queue.poll_interval_seconds, 1.0);
    EXPECT_EQ(config.rules.file, "/config/rules.yml");
    EXPECT_EQ(config.logging.level, "INFO");
    EXPECT_FALSE(config.engine.dry_run);
    EXPECT_EQ(config.plugins.dirs, std::vector<std::string>{"/plugins"});
    // Only the directory was given; every value is the struct's default.
    EXPECT_EQ(config.sources, (std::map<std::string, std::string>{{"config_dir", "cli --config-dir"}}));
}

TEST(ConfigDefaults, PathDefaultsFollowConfigDir) {
    TempDir dir;
    Config config = load_config(options_in(dir));
    EXPECT_EQ(config.config_dir, dir.path());
    EXPECT_EQ(config.rules.file, dir.path() + "/rules.yml");
    EXPECT_EQ(config.queue.sqlite_path, dir.path() + "/qbt-rules.db");
    EXPECT_EQ(config.sources.at("config_dir"), "cli --config-dir");
}

TEST(ConfigDefaults, ConfigDirAndFileFromEnv) {
    TempDir dir;
    dir.write("config.yml", "server:\n  port: 6001\n");
    LoadOptions options;
    options.env = {{"QBT_RULES_CONFIG_DIR", dir.path()}};
    Config config = load_config(options);
    EXPECT_EQ(config.config_dir, dir.path());
    EXPECT_EQ(config.config_file, dir.path() + "/config.yml");
    EXPECT_EQ(config.server.port, 6001);

    std::string other = dir.write("other.yml", "server:\n  port: 6002\n");
    options.env["QBT_RULES_CONFIG_FILE"] = other;
    EXPECT_EQ(load_config(options).server.port, 6002);
}

TEST(ConfigDefaults, MissingImplicitFileIsFineMissingExplicitFileIsAnError) {
    TempDir dir;
    EXPECT_NO_THROW(load_config(options_in(dir)));
    LoadOptions options = options_in(dir);
    options.config_file = dir.path() + "/nope.yml";
    auto problems = problems_of(options);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("nope.yml"), std::string::npos);
    EXPECT_NE(problems[0].find("cli --config"), std::string::npos);
}

TEST(ConfigDefaults, ShippedDefaultFileLoadsAndMatchesDefaults) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    ASSERT_NE(root, nullptr) << "QBT_TEST_SOURCE_ROOT not set";
    LoadOptions options;
    options.config_file = std::string(root) + "/config/config.default.yml";
    Config config = load_config(options);
    Config defaults;
    EXPECT_EQ(config.server.api_key, kPlaceholderApiKey);
    EXPECT_EQ(config.server.port, defaults.server.port);
    EXPECT_EQ(config.server.max_request_bytes, defaults.server.max_request_bytes);
    EXPECT_EQ(config.queue.sqlite_path, defaults.queue.sqlite_path);
    EXPECT_EQ(config.queue.cleanup_after_seconds, defaults.queue.cleanup_after_seconds);
    EXPECT_DOUBLE_EQ(config.queue.poll_interval_seconds, defaults.queue.poll_interval_seconds);
    EXPECT_EQ(config.queue.max_attempts, defaults.queue.max_attempts);
    EXPECT_DOUBLE_EQ(config.qbittorrent.timeout_seconds, defaults.qbittorrent.timeout_seconds);
    EXPECT_DOUBLE_EQ(config.qbittorrent.connect_timeout_seconds,
                     defaults.qbittorrent.connect_timeout_seconds);
    EXPECT_EQ(config.qbittorrent.max_concurrency, defaults.qbittorrent.max_concurrency);
    EXPECT_EQ(config.rules.file, defaults.rules.file);
    EXPECT_EQ(config.logging.level, defaults.logging.level);
    EXPECT_EQ(config.engine.max_deletes_per_job, defaults.engine.max_deletes_per_job);
    EXPECT_EQ(config.plugins.dirs, defaults.plugins.dirs);
    EXPECT_EQ(config.plugins.probe, defaults.plugins.probe);
    // The shipped file sets every key the loader knows, except the two path defaults that
    // follow the config dir, which it documents commented out.
    std::ifstream in(options.config_file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& key : known_keys()) {
        if (key == "queue.sqlite_path" || key == "rules.file") {
            EXPECT_FALSE(config.sources.count(key)) << key << " must not be pinned to /config";
            const std::string leaf = key.substr(key.find('.') + 1);
            EXPECT_NE(text.find("# " + leaf + ": /config/"), std::string::npos) << key;
        } else {
            EXPECT_TRUE(config.sources.count(key)) << key << " missing from config.default.yml";
        }
    }
}

TEST(ConfigDefaults, ShippedDefaultFileInOtherDirFollowsThatDir) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    ASSERT_NE(root, nullptr);
    LoadOptions options;
    options.config_dir = "/data";
    options.config_file = std::string(root) + "/config/config.default.yml";
    Config config = load_config(options);
    EXPECT_EQ(config.rules.file, "/data/rules.yml");
    EXPECT_EQ(config.queue.sqlite_path, "/data/qbt-rules.db");
}

TEST(ConfigDescribe, ListsEveryKeyWithSourceAndHidesSecrets) {
    TempDir dir;
    dir.write("config.yml",
              "server:\n  api_key: yaml-secret-1\n  port: 5050\n"
              "queue:\n  redis_url: redis://:redis-secret-2@127.0.0.1:6379/0\n"
              "plugins:\n  config:\n    notify:\n      token: plugin-secret-3\n      retries: 3\n");
    LoadOptions options = options_in(dir);
    options.env = {{"QBT_RULES_QBITTORRENT_PASSWORD", "env-secret-4"},
                   {"QBT_RULES_CLIENT_API_KEY", "env-secret-5"}};
    options.cli = {{"server.trigger_key", "cli-secret-6"}};
    options.env["QBT_RULES_QBITTORRENT_BASIC_AUTH_PASSWORD_FILE"] =
        dir.write("basic", "file-secret-7\n");
    const std::string text = describe(load_config(options));
    for (const char* secret : {"yaml-secret-1", "redis-secret-2", "plugin-secret-3",
                               "env-secret-4", "env-secret-5", "cli-secret-6", "file-secret-7"})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " leaked:\n" << text;
    EXPECT_NE(text.find("server.port = 5050  [" + dir.path() + "/config.yml:3]"),
              std::string::npos) << text;
    EXPECT_NE(text.find("server.api_key = ***"), std::string::npos) << text;
    EXPECT_NE(text.find("queue.redis_url = redis://:***@127.0.0.1:6379/0"), std::string::npos);
    EXPECT_NE(text.find("qbittorrent.password = ***  [env QBT_RULES_QBITTORRENT_PASSWORD]"),
              std::string::npos) << text;
    EXPECT_NE(text.find("server.trigger_key = ***  [cli --server-trigger-key]"),
              std::string::npos) << text;
    EXPECT_NE(text.find("\"retries\":3"), std::string::npos) << text;
    EXPECT_NE(text.find("server.host = 0.0.0.0  [default]"), std::string::npos) << text;
    for (const auto& key : known_keys())
        EXPECT_NE(text.find("\n" + key + " = "), std::string::npos) << key;
}

TEST(ConfigDescribe, SecretKeyNames) {
    for (const char* key : {"server.api_key", "server.trigger_key", "client.api_key",
                            "qbittorrent.password", "qbittorrent.basic_auth_password",
                            "queue.redis_url"})
        EXPECT_TRUE(is_secret_key(key)) << key;
    for (const char* key : {"server.port", "qbittorrent.username", "queue.sqlite_path",
                            "qbittorrent.basic_auth_username"})
        EXPECT_FALSE(is_secret_key(key)) << key;
}

}  // namespace
}  // namespace qbt::config::test
