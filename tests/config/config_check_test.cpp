// --validate's configuration check (cli/config_check.hpp) on configurations built in code:
// URL shapes, credentials, keys, the queue backend, directories. The real binary on real
// files: tests/e2e/validate_cli_test.sh.
#include "cli/config_check.hpp"
#include "plugin/builtin_plugins.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace qbt::cli {
namespace {

class ConfigCheck : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        plugins = plugin::load_builtin_plugins().release();
    }
    static void TearDownTestSuite() { delete plugins; }

    void SetUp() override {
        config.server.api_key = "a-long-enough-api-key-0123456789";
        config.queue.sqlite_path = ::testing::TempDir() + "/check/qbt-rules.db";
        config.rules.file = std::string(std::getenv("QBT_TEST_SOURCE_ROOT")) + "/config/rules.default.yml";
        config.plugins.dirs = {};
        config.instances = {{"default", {}, "default"}};
        config.instances[0].connection.host = "http://127.0.0.1:8080";
        config.instances[0].connection.password = "pw";
    }

    // Every finding as text, one per line.
    std::string findings() const {
        std::string text;
        for (const auto& f : check_config(config, plugins->registry())) text += f.to_string() + "\n";
        return text;
    }
    std::string host_problem(const std::string& url) {
        config.instances[0].connection.host = url;
        return findings();
    }

    static plugin::PluginHost* plugins;
    config::Config config;
};
plugin::PluginHost* ConfigCheck::plugins = nullptr;

TEST_F(ConfigCheck, AGoodConfigurationHasNoFindings) {
    EXPECT_EQ(findings(), "");
    for (const char* url : {"https://box.example/qbittorrent", "http://[::1]:8080", "http://user@127.0.0.1:65535/"})
        EXPECT_EQ(host_problem(url), "") << url;
}

TEST_F(ConfigCheck, UrlsThatDoNotParseNameTheKeyWithoutCredentials) {
    EXPECT_EQ(host_problem("localhost:8080"),
              "error: qbittorrent.host (default): 'localhost:8080' is not a URL (expected http://host:port)\n");
    EXPECT_EQ(host_problem("ftp://u:secret-pw@box/"),
              "error: qbittorrent.host (default): 'ftp://box/' scheme 'ftp' is not http or https\n");
    EXPECT_NE(host_problem("http://:8080").find("has no host"), std::string::npos);
    EXPECT_NE(host_problem("http://box:80a").find("port '80a' is not a number"), std::string::npos);
    EXPECT_NE(host_problem("http://box:70000").find("port 70000 is not in 1-65535"), std::string::npos);
    EXPECT_NE(host_problem("http://box:").find("empty port"), std::string::npos);
    EXPECT_NE(host_problem("http://[::1/").find("unclosed '['"), std::string::npos);
    EXPECT_NE(host_problem("http://box/?x=1").find("must not contain a query"), std::string::npos);
}

TEST_F(ConfigCheck, CredentialsAndKeys) {
    config.instances[0].connection.username = "";
    config.instances[0].connection.password = "";
    config.instances[0].connection.basic_auth_username = "proxy";
    config.server.api_key = "short";
    config.server.trigger_key = "trig";
    config.sources["server.api_key"] = "env QBT_RULES_SERVER_API_KEY";
    const std::string text = findings();
    EXPECT_NE(text.find("error: qbittorrent.username (default): is not set"), std::string::npos) << text;
    EXPECT_NE(text.find("warning: qbittorrent.password (default): is not set"), std::string::npos) << text;
    EXPECT_NE(text.find("warning: qbittorrent.basic_auth_password (default): is not set although"), std::string::npos);
    EXPECT_NE(text.find("warning: server.api_key (env QBT_RULES_SERVER_API_KEY): is short (5 characters)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("warning: server.trigger_key (default): is short (4 characters)"), std::string::npos);
    EXPECT_EQ(text.find(": short"), std::string::npos) << "a key's value is never shown";
    config.server.api_key = "";
    EXPECT_NE(findings().find("error: server.api_key (env QBT_RULES_SERVER_API_KEY): is not set"), std::string::npos);
    config.server.api_key = config::kPlaceholderApiKey;
    EXPECT_NE(findings().find("is still the placeholder"), std::string::npos);
}

TEST_F(ConfigCheck, InstancesOfAListAreNamedWithTheirDeclaration) {
    config.sources["qbittorrent.instances"] = "config.yml:4";
    config.instances.push_back({"nas", {}, "config.yml:9"});
    config.instances[1].connection.host = "http//nas:8080";
    config.instances[1].connection.password = "pw";
    EXPECT_EQ(findings(), "error: qbittorrent.instances[nas].host (config.yml:9): 'http//nas:8080' is not a URL "
                          "(expected http://host:port)\n");
}

TEST_F(ConfigCheck, QueueBackendAndItsDataPath) {
    config.queue.backend = "mongo";
    EXPECT_NE(findings().find("error: queue.backend (default): 'mongo' is not provided by any loaded plugin (loaded: "),
              std::string::npos)
        << findings();
    config.queue.backend = "sqlite";
    config.queue.backend_specs = {{"sqlite_path", config::BackendSettingSpec::Kind::Path, false, true, true}};
    config.queue.sqlite_path = "/etc/hostname/db/qbt-rules.db";  // under a file: never a directory
    EXPECT_NE(findings().find("error: queue.sqlite_path (default): '/etc/hostname/db/qbt-rules.db' cannot be created"),
              std::string::npos)
        << findings();
}

TEST_F(ConfigCheck, PluginDirsAndTheRulesFile) {
    config.plugins.dirs = {"/nonexistent-plugins-dir"};
    EXPECT_EQ(findings(), "") << "the default /plugins may be missing: nobody asked for it";
    config.sources["plugins.dirs"] = "config.yml:12";
    EXPECT_NE(findings().find("warning: plugins.dirs (config.yml:12): '/nonexistent-plugins-dir' does not exist"),
              std::string::npos);
    config.plugins.dirs = {"/etc/hostname"};
    EXPECT_NE(findings().find("error: plugins.dirs (config.yml:12): '/etc/hostname' is not a readable directory"),
              std::string::npos);
    config.plugins.dirs = {};
    config.rules.file = "/nonexistent/rules.yml";
    EXPECT_NE(findings().find("error: rules.file (default): '/nonexistent/rules.yml' cannot be read (no such file)"),
              std::string::npos);
}

}  // namespace
}  // namespace qbt::cli
