// Each layer beats the one below it for the same key; every env alias works.
#include "test_support.hpp"

namespace qbt::config::test {
namespace {

class Precedence : public ::testing::Test {
protected:
    TempDir dir;
    LoadOptions options = options_in(dir);
    void SetUp() override { dir.write("config.yml", "server:\n  port: 1001\n"); }
};

TEST_F(Precedence, YamlBeatsDefault) {
    Config config = load_config(options);
    EXPECT_EQ(config.server.port, 1001);
    EXPECT_EQ(config.sources.at("server.port"), dir.path() + "/config.yml:2");
}

TEST_F(Precedence, EnvBeatsYaml) {
    options.env["QBT_RULES_SERVER_PORT"] = "1002";
    Config config = load_config(options);
    EXPECT_EQ(config.server.port, 1002);
    EXPECT_EQ(config.sources.at("server.port"), "env QBT_RULES_SERVER_PORT");
}

TEST_F(Precedence, FileEnvBeatsEnvAndStripsOneTrailingNewline) {
    options.env["QBT_RULES_SERVER_PORT"] = "1002";
    const std::string path = dir.write("port", "1003\n");
    options.env["QBT_RULES_SERVER_PORT_FILE"] = path;
    Config config = load_config(options);
    EXPECT_EQ(config.server.port, 1003);
    EXPECT_EQ(config.sources.at("server.port"),
              "file " + path + " via QBT_RULES_SERVER_PORT_FILE");
}

TEST_F(Precedence, FileValueKeepsAllButOneTrailingNewline) {
    options.env["QBT_RULES_SERVER_API_KEY_FILE"] = dir.write("k1", "abc\r\n");
    options.env["QBT_RULES_CLIENT_API_KEY_FILE"] = dir.write("k2", "abc\n\n");
    options.env["QBT_RULES_QBITTORRENT_PASSWORD_FILE"] = dir.write("k3", " pw ");
    Config config = load_config(options);
    EXPECT_EQ(config.server.api_key, "abc");
    EXPECT_EQ(config.client.api_key, "abc\n");
    EXPECT_EQ(config.qbittorrent.password, " pw ");
}

TEST_F(Precedence, CliBeatsFileEnv) {
    options.env["QBT_RULES_SERVER_PORT"] = "1002";
    options.env["QBT_RULES_SERVER_PORT_FILE"] = dir.write("port", "1003\n");
    options.cli["server.port"] = "1004";
    Config config = load_config(options);
    EXPECT_EQ(config.server.port, 1004);
    EXPECT_EQ(config.sources.at("server.port"), "cli --server-port");
}

TEST_F(Precedence, LayersApplyPerKey) {
    dir.write("config.yml", "server:\n  port: 1001\n  host: 127.0.0.1\n");
    options.env["QBT_RULES_SERVER_WORKERS"] = "4";
    options.cli["engine.dry_run"] = "yes";
    Config config = load_config(options);
    EXPECT_EQ(config.server.port, 1001);
    EXPECT_EQ(config.server.host, "127.0.0.1");
    EXPECT_EQ(config.server.workers, 4);
    EXPECT_TRUE(config.engine.dry_run);
    EXPECT_FALSE(config.sources.count("server.max_request_bytes"));
}

TEST_F(Precedence, EmptyEnvValueCountsAsUnset) {
    options.env["QBT_RULES_SERVER_PORT"] = "";
    EXPECT_EQ(load_config(options).server.port, 1001);
}

TEST_F(Precedence, UnknownEnvNamesAreIgnored) {
    options.env["QBT_RULES_SERVER_PROT"] = "1";
    options.env["QBT_RULES_EXE"] = "/x";
    EXPECT_NO_THROW(load_config(options));
}

struct AliasCase {
    const char* env_name;
    const char* value;
    const char* key;
};

class EnvNames : public ::testing::TestWithParam<AliasCase> {};

TEST_P(EnvNames, SetsTheKey) {
    const AliasCase& c = GetParam();
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env[c.env_name] = c.value;
    Config config = load_config(options);
    EXPECT_EQ(config.sources.at(c.key), std::string("env ") + c.env_name);
    // The _FILE form of the same name works too.
    options.env.erase(c.env_name);
    options.env[std::string(c.env_name) + "_FILE"] = dir.write("v", std::string(c.value) + "\n");
    EXPECT_EQ(load_config(options).sources.at(c.key),
              "file " + dir.path() + "/v via " + c.env_name + "_FILE");
}

INSTANTIATE_TEST_SUITE_P(
    Aliases, EnvNames,
    ::testing::Values(AliasCase{"QBT_RULES_RULES_FILE", "/r.yml", "rules.file"},
                      AliasCase{"QBT_RULES_DRY_RUN", "true", "engine.dry_run"},
                      AliasCase{"QBT_RULES_ENGINE_DRY_RUN", "true", "engine.dry_run"},
                      AliasCase{"QBT_RULES_LOG_LEVEL", "debug", "logging.level"},
                      AliasCase{"QBT_RULES_LOGGING_LEVEL", "debug", "logging.level"},
                      AliasCase{"LOG_LEVEL", "debug", "logging.level"},
                      AliasCase{"QBT_RULES_LOG_FILE", "/l.log", "logging.file"},
                      AliasCase{"QBT_RULES_LOGGING_FILE", "/l.log", "logging.file"},
                      AliasCase{"QBT_RULES_LOG_TRACE_MODE", "on", "logging.trace_mode"},
                      AliasCase{"QBT_RULES_LOGGING_TRACE_MODE", "on", "logging.trace_mode"},
                      AliasCase{"TRACE_MODE", "on", "logging.trace_mode"},
                      AliasCase{"QBT_RULES_LOG_HTTP_ACCESS", "1", "logging.http_access"},
                      AliasCase{"QBT_RULES_LOGGING_HTTP_ACCESS", "1", "logging.http_access"},
                      AliasCase{"QBT_RULES_QUEUE_SQLITE_PATH", "/q.db", "queue.sqlite_path"},
                      AliasCase{"QBT_RULES_QBITTORRENT_VERIFY_TLS", "no",
                                "qbittorrent.verify_tls"},
                      AliasCase{"QBT_RULES_PLUGINS_DIRS", "/a:/b", "plugins.dirs"}));

TEST(EnvAliases, ValuesReachTheConfig) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env = {{"QBT_RULES_DRY_RUN", "TRUE"},    {"LOG_LEVEL", "warn"},
                   {"TRACE_MODE", "Yes"},            {"QBT_RULES_LOG_FILE", "/tmp/q.log"},
                   {"QBT_RULES_LOG_HTTP_ACCESS", "on"}, {"QBT_RULES_RULES_FILE", "/r/rules.yml"}};
    Config config = load_config(options);
    EXPECT_TRUE(config.engine.dry_run);
    EXPECT_EQ(config.logging.level, "WARNING");
    EXPECT_TRUE(config.logging.trace_mode);
    EXPECT_EQ(config.logging.file, "/tmp/q.log");
    EXPECT_TRUE(config.logging.http_access);
    EXPECT_EQ(config.rules.file, "/r/rules.yml");
}

TEST(EnvAliases, SpecificNameBeatsLegacyAndBareName) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env = {{"LOG_LEVEL", "ERROR"},
                   {"QBT_RULES_LOG_LEVEL", "DEBUG"},
                   {"QBT_RULES_LOGGING_LEVEL", "TRACE"},
                   {"TRACE_MODE", "false"},
                   {"QBT_RULES_LOG_TRACE_MODE", "true"},
                   {"QBT_RULES_DRY_RUN", "false"},
                   {"QBT_RULES_ENGINE_DRY_RUN", "true"}};
    Config config = load_config(options);
    EXPECT_EQ(config.logging.level, "TRACE");
    EXPECT_TRUE(config.logging.trace_mode);
    EXPECT_TRUE(config.engine.dry_run);
    options.env.erase("QBT_RULES_LOGGING_LEVEL");
    EXPECT_EQ(load_config(options).logging.level, "DEBUG");
    options.env.erase("QBT_RULES_LOG_LEVEL");
    EXPECT_EQ(load_config(options).logging.level, "ERROR");
}

TEST(EnvAliases, AnyFileFormBeatsAnyPlainForm) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env = {{"QBT_RULES_LOGGING_LEVEL", "TRACE"},
                   {"LOG_LEVEL_FILE", dir.write("lvl", "error\n")}};
    EXPECT_EQ(load_config(options).logging.level, "ERROR");
}

}  // namespace
}  // namespace qbt::config::test
