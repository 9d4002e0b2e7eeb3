// qbt-rules 0.6's config.yml loads unchanged (tests/compat06/config.yml: every key of its
// documented defaults): notifications and integrations reach the plugins, metrics.enabled
// and multiproc_dir are read, both env spellings of logging keys work, _FILE works for the
// new secrets, the config dir is found the 0.6 way, and an unknown key still stops the load.
#include "config/config_loader.hpp"
#include "config/plugin_sections.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace qbt::config {
namespace {

namespace fs = std::filesystem;

fs::path source_file(const std::string& name) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    return fs::path(root ? root : ".") / "tests" / "compat06" / name;
}

struct Dir {
    Dir() {
        std::string pattern = (fs::temp_directory_path() / "qbt-compat06-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~Dir() { fs::remove_all(path); }
    fs::path path;
};

LoadOptions sixty_options(const Dir& dir) {
    fs::copy_file(source_file("config.yml"), dir.path / "config.yml", fs::copy_options::overwrite_existing);
    LoadOptions options;
    options.config_dir = dir.path.string();
    return options;
}

std::string problems_of(const LoadOptions& options) {
    try {
        load_config(options);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Compat06Config, EveryDocumentedKeyOfTheDefaultFileLoads) {
    Dir dir;
    const Config config = load_config(sixty_options(dir));
    EXPECT_EQ(config.notifications.webhook_url, "http://127.0.0.1:9/notify-default");
    EXPECT_EQ(config.notifications.service, "generic");
    EXPECT_EQ(config.integrations.sonarr.url, "http://127.0.0.1:8989");
    EXPECT_EQ(config.integrations.sonarr.api_key, "your-sonarr-api-key-here");
    EXPECT_EQ(config.integrations.radarr.url, "http://127.0.0.1:7878");
    EXPECT_FALSE(config.metrics.enabled);
    EXPECT_EQ(config.metrics.multiproc_dir, "/tmp/qbt-rules-metrics");
    ASSERT_EQ(config.notices.size(), 1u);
    EXPECT_NE(config.notices[0].find("metrics.multiproc_dir"), std::string::npos);
    EXPECT_NE(config.notices[0].find("ignored"), std::string::npos);
    EXPECT_EQ(config.schedule.size(), 2u);
    EXPECT_EQ(config.logging.file, "/config/qbt-rules.log");
    // Secrets stay out of --show-config.
    const std::string shown = describe(config);
    EXPECT_EQ(shown.find("your-sonarr-api-key-here"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("notify-default"), std::string::npos) << shown;
    EXPECT_NE(shown.find("integrations.sonarr.url = http://127.0.0.1:8989"), std::string::npos) << shown;
}

TEST(Compat06Config, NotificationsAndIntegrationsBecomeThePluginsSectionsUserKeysWin) {
    Dir dir;
    LoadOptions options = sixty_options(dir);
    std::ofstream(dir.path / "config.yml", std::ios::app)
        << "plugins:\n  config:\n    org.qbt-rules.notify: {service: slack}\n";
    const auto sections = plugin_sections(load_config(options));
    rapidjson::Document notify, arr;
    notify.Parse(sections.at(kNotifyPluginId).c_str());
    arr.Parse(sections.at(kArrPluginId).c_str());
    ASSERT_TRUE(notify.IsObject() && arr.IsObject());
    EXPECT_STREQ(notify["service"].GetString(), "slack");  // plugins.config.<id> wins
    EXPECT_STREQ(notify["webhook_url"].GetString(), "http://127.0.0.1:9/notify-default");
    EXPECT_STREQ(arr["sonarr"]["url"].GetString(), "http://127.0.0.1:8989");
    EXPECT_STREQ(arr["radarr"]["api_key"].GetString(), "your-radarr-api-key-here");
}

TEST(Compat06Config, EnvAndFileFormsOfTheNewKeysAndBothLoggingSpellings) {
    Dir dir;
    LoadOptions options = sixty_options(dir);
    std::ofstream(dir.path / "sonarr.key") << "key-from-file\n";
    options.env = {{"QBT_RULES_INTEGRATIONS_SONARR_API_KEY_FILE", (dir.path / "sonarr.key").string()},
                   {"QBT_RULES_INTEGRATIONS_RADARR_URL", "http://127.0.0.1:17878"},
                   {"QBT_RULES_NOTIFICATIONS_SERVICE", "discord"},
                   {"QBT_RULES_METRICS_ENABLED", "true"},
                   {"QBT_RULES_LOGGING_LEVEL", "DEBUG"},        // 0.6's spelling
                   {"QBT_RULES_LOG_FILE", "/tmp/from-log.log"},  // 0.4-0.5's spelling
                   {"QBT_RULES_LOGGING_TRACE_MODE", "true"}};
    const Config config = load_config(options);
    EXPECT_EQ(config.integrations.sonarr.api_key, "key-from-file");
    EXPECT_EQ(config.integrations.radarr.url, "http://127.0.0.1:17878");
    EXPECT_EQ(config.notifications.service, "discord");
    EXPECT_TRUE(config.metrics.enabled);
    EXPECT_EQ(config.logging.level, "DEBUG");
    EXPECT_EQ(config.logging.file, "/tmp/from-log.log");
    EXPECT_TRUE(config.logging.trace_mode);
    EXPECT_TRUE(config.warnings.empty());  // none of these is an "unknown QBT_RULES_*" name
    // Both spellings given: each is a name of the same key; the 0.6 one is canonical and wins.
    options.env = {{"QBT_RULES_LOGGING_LEVEL", "ERROR"}, {"QBT_RULES_LOG_LEVEL", "DEBUG"}};
    EXPECT_EQ(load_config(options).logging.level, "ERROR");
}

TEST(Compat06Config, UnknownKeysStillStopTheLoadNamingTheKey) {
    Dir dir;
    LoadOptions options = sixty_options(dir);
    std::ofstream(dir.path / "config.yml", std::ios::app) << "integrations_extra: 1\n";
    EXPECT_NE(problems_of(options).find("integrations_extra: unknown section"), std::string::npos);
    std::ofstream(dir.path / "config.yml") << "notifications:\n  webhook_ur: http://127.0.0.1:1/x\n";
    const std::string typo = problems_of(options);
    EXPECT_NE(typo.find("notifications.webhook_ur: unknown key"), std::string::npos) << typo;
    EXPECT_NE(typo.find("did you mean 'notifications.webhook_url'"), std::string::npos) << typo;
    std::ofstream(dir.path / "config.yml") << "integrations:\n  lidarr:\n    url: http://127.0.0.1:8686\n";
    EXPECT_NE(problems_of(options).find("integrations.lidarr: unknown key"), std::string::npos) << problems_of(options);
    std::ofstream(dir.path / "config.yml") << "notifications:\n  service: telegram\n";
    EXPECT_NE(problems_of(options).find("notifications.service: 'telegram' is not one of"), std::string::npos);
}

TEST(Compat06Config, ConfigDirOursFirstThenCONFIG_DIRThenDotConfig) {
    Dir ours, theirs, cwd;
    LoadOptions options;  // no --config-dir
    options.env = {{"QBT_RULES_CONFIG_DIR", ours.path.string()}, {"CONFIG_DIR", theirs.path.string()}};
    Config config = load_config(options);
    EXPECT_EQ(config.config_dir, ours.path.string());
    EXPECT_EQ(config.sources.at("config_dir"), "env QBT_RULES_CONFIG_DIR");
    options.env.erase("QBT_RULES_CONFIG_DIR");
    config = load_config(options);
    EXPECT_EQ(config.config_dir, theirs.path.string());
    EXPECT_EQ(config.sources.at("config_dir"), "env CONFIG_DIR");
    EXPECT_EQ(config.rules.file, (theirs.path / "rules.yml").string());
    // ./config when that folder exists (relative to the working directory).
    const fs::path before = fs::current_path();
    fs::create_directory(cwd.path / "config");
    fs::current_path(cwd.path);
    options.env.clear();
    config = load_config(options);
    fs::current_path(before);
    EXPECT_EQ(config.config_dir, (cwd.path / "config").string());
    EXPECT_EQ(config.sources.at("config_dir"), "./config (the folder exists)");
    options.config_dir = ours.path.string();  // --config-dir beats everything
    options.env = {{"CONFIG_DIR", theirs.path.string()}};
    EXPECT_EQ(load_config(options).sources.at("config_dir"), "cli --config-dir");
    // Also when it names /config, the default: given is given, ./config does not win over it.
    fs::current_path(cwd.path);
    options.config_dir = "/config";
    options.env.clear();
    config = load_config(options);
    fs::current_path(before);
    EXPECT_EQ(config.config_dir, "/config");
    EXPECT_EQ(config.sources.at("config_dir"), "cli --config-dir");
}

}  // namespace
}  // namespace qbt::config
