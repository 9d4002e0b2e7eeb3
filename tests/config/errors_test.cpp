// Bad input: every problem names the key and its source; all are reported at once; secrets
// never appear.
#include "test_support.hpp"

namespace qbt::config::test {
namespace {

bool mentions(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(ConfigErrors, UnknownYamlKeyNamesKeyAndFileLine) {
    TempDir dir;
    dir.write("config.yml", "server:\n  host: 127.0.0.1\n  prot: 80\nbogus:\n  a: 1\n");
    auto problems = problems_of(options_in(dir));
    ASSERT_EQ(problems.size(), 2u) << joined(problems);
    EXPECT_TRUE(mentions(problems[0], "server.prot: unknown key")) << problems[0];
    EXPECT_TRUE(mentions(problems[0], "did you mean 'server.port'")) << problems[0];
    EXPECT_TRUE(mentions(problems[0], dir.path() + "/config.yml:3")) << problems[0];
    EXPECT_TRUE(mentions(problems[1], "bogus: unknown section")) << problems[1];
    EXPECT_TRUE(mentions(problems[1], "config.yml:4")) << problems[1];
}

TEST(ConfigErrors, WrongTypesNameKeyAndSource) {
    TempDir dir;
    dir.write("config.yml",
              "server:\n  port: abc\n  workers: [1, 2]\nengine:\n  dry_run: maybe\n");
    auto problems = problems_of(options_in(dir));
    const std::string text = joined(problems);
    ASSERT_EQ(problems.size(), 3u) << text;
    EXPECT_TRUE(mentions(text, "server.port: 'abc' is not a whole number (" + dir.path() +
                                   "/config.yml:2)")) << text;
    EXPECT_TRUE(mentions(text, "server.workers: expected a single value, got a list")) << text;
    EXPECT_TRUE(mentions(text, "engine.dry_run: 'maybe' is not a boolean")) << text;
}

TEST(ConfigErrors, RangesDurationsAndEnumsFromEachSource) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_SERVER_PORT"] = "70000";
    options.env["QBT_RULES_QUEUE_CLEANUP_AFTER"] = "7 fortnights";
    options.env["QBT_RULES_QUEUE_SQLITE_SYNCHRONOUS_FILE"] = dir.write("sync", "off\n");
    options.cli["logging.level"] = "loud";
    options.cli["queue.backend"] = "";
    options.cli["queue.poll_interval"] = "0";
    options.cli["server.nope"] = "1";
    auto problems = problems_of(options);
    const std::string text = joined(problems);
    EXPECT_EQ(problems.size(), 7u) << text;
    EXPECT_TRUE(mentions(text, "server.port: '70000' is out of range 1..65535 "
                               "(env QBT_RULES_SERVER_PORT)")) << text;
    EXPECT_TRUE(mentions(text, "queue.cleanup_after: '7 fortnights' is not a duration")) << text;
    EXPECT_TRUE(mentions(text, "queue.sqlite_synchronous: 'off' is not one of normal, full "
                               "(file " + dir.path() + "/sync via "
                               "QBT_RULES_QUEUE_SQLITE_SYNCHRONOUS_FILE)")) << text;
    EXPECT_TRUE(mentions(text, "logging.level: 'loud' is not one of")) << text;
    EXPECT_TRUE(mentions(text, "(cli --logging-level)")) << text;
    EXPECT_TRUE(mentions(text, "queue.backend: must not be empty (cli --queue-backend)")) << text;
    EXPECT_TRUE(mentions(text, "queue.poll_interval: must be greater than zero")) << text;
    EXPECT_TRUE(mentions(text, "server.nope: unknown key (cli --server-nope)")) << text;
}

TEST(ConfigErrors, UnreadableFileNamesVariableAndPath) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    const std::string missing = dir.path() + "/missing-secret";
    options.env["QBT_RULES_SERVER_API_KEY_FILE"] = missing;
    options.env["QBT_RULES_QBITTORRENT_PASSWORD_FILE"] = dir.path();  // a directory
    auto problems = problems_of(options);
    ASSERT_EQ(problems.size(), 2u) << joined(problems);
    EXPECT_TRUE(mentions(problems[0], "QBT_RULES_SERVER_API_KEY_FILE")) << problems[0];
    EXPECT_TRUE(mentions(problems[0], missing)) << problems[0];
    EXPECT_TRUE(mentions(problems[1], "QBT_RULES_QBITTORRENT_PASSWORD_FILE")) << problems[1];
    EXPECT_TRUE(mentions(problems[1], "is a directory")) << problems[1];
}

TEST(ConfigErrors, MultipleProblemsFromAllLayersReportedTogether) {
    TempDir dir;
    dir.write("config.yml", "server:\n  port: -1\n");
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_SERVER_WORKERS"] = "many";
    options.env["QBT_RULES_CLIENT_API_KEY_FILE"] = "/nonexistent/key";
    options.cli["engine.max_deletes_per_job"] = "-5";
    try {
        load_config(options);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.problems.size(), 4u) << e.what();
        const std::string what = e.what();
        EXPECT_TRUE(mentions(what, "4 problems")) << what;
        for (const auto& problem : e.problems) EXPECT_TRUE(mentions(what, problem));
    }
}

TEST(ConfigErrors, YamlSyntaxErrorNamesFileAndLine) {
    TempDir dir;
    dir.write("config.yml", "server:\n  port: 1\n  host: [unclosed\n");
    auto problems = problems_of(options_in(dir));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(mentions(problems[0], dir.path() + "/config.yml:")) << problems[0];
    EXPECT_TRUE(mentions(problems[0], "YAML syntax error")) << problems[0];
}

TEST(ConfigErrors, DuplicateKeysAndSectionsAreErrors) {
    TempDir dir;
    dir.write("config.yml", "server:\n  port: 1\n  port: 2\nserver:\n  host: h\n");
    auto problems = problems_of(options_in(dir));
    const std::string text = joined(problems);
    ASSERT_EQ(problems.size(), 2u) << text;
    EXPECT_TRUE(mentions(text, "server.port: given twice (first at " + dir.path() +
                                   "/config.yml:2) (" + dir.path() + "/config.yml:3)")) << text;
    EXPECT_TRUE(mentions(text, "server: section given twice")) << text;
}

TEST(ConfigErrors, ConfigFileThatIsADirectory) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.config_file = dir.path();
    auto problems = problems_of(options);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "config file " + dir.path() + ": is a directory");
}

TEST(ConfigErrors, SecretsNeverInErrorText) {
    TempDir dir;
    dir.write("config.yml",
              "server:\n  api_key: [yaml-secret-1]\n"
              "queue:\n  redis_url:\n    pw: yaml-secret-2\n");
    LoadOptions options = options_in(dir);
    options.cli["server.trigger_key"] = "cli-secret-3";
    options.env["QBT_RULES_QBITTORRENT_PASSWORD_FILE"] = dir.write("pw", "file-secret-4\n");
    options.env["QBT_RULES_CLIENT_API_KEY"] = "env-secret-5";
    options.env["QBT_RULES_CLIENT_API_KEY_FILE"] = "/nonexistent/secret";
    try {
        load_config(options);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        for (const char* secret : {"yaml-secret-1", "yaml-secret-2", "file-secret-4",
                                   "env-secret-5"})
            EXPECT_FALSE(mentions(what, secret)) << secret << " leaked:\n" << what;
        EXPECT_TRUE(mentions(what, "server.api_key: expected a single value, got a list"));
        EXPECT_TRUE(mentions(what, "queue.redis_url: expected a single value, got a mapping"));
    }
}

TEST(ConfigErrors, SecretKeyWithBadValueHidesIt) {
    // redis_url must not be empty; the message names key and source only.
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.cli["queue.redis_url"] = "";
    auto problems = problems_of(options);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "queue.redis_url: must not be empty (cli --queue-redis-url)");
}

}  // namespace
}  // namespace qbt::config::test
