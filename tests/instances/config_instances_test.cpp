// qbittorrent.instances: every form (single, YAML list, env, CLI), per-key precedence,
// errors with file:line, secrets hidden.
#include "../config/test_support.hpp"

namespace qbt::config::test {
namespace {

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kTwoInstances =
    "qbittorrent:\n"
    "  instances:\n"
    "    - name: a\n"
    "      host: http://127.0.0.1:8081\n"
    "      username: alice\n"
    "      password: yaml-secret-a\n"
    "    - name: b-2\n"
    "      host: http://127.0.0.1:8082\n"
    "      timeout: 5s\n"
    "      verify_tls: false\n";

TEST(ConfigInstances, SingleFormIsOneDefaultInstance) {
    TempDir dir;
    dir.write("config.yml", "qbittorrent:\n  host: http://127.0.0.1:9999\n  password: pw\n");
    Config config = load_config(options_in(dir));
    ASSERT_EQ(config.instances.size(), 1u);
    EXPECT_EQ(config.instances[0].name, "default");
    EXPECT_EQ(config.instances[0].connection.host, "http://127.0.0.1:9999");
    EXPECT_EQ(config.instances[0].connection.password, "pw");
    EXPECT_EQ(config.instance_names(), std::vector<std::string>{"default"});
}

TEST(ConfigInstances, NoConfigAtAllIsOneDefaultInstance) {
    TempDir dir;
    Config config = load_config(options_in(dir));
    ASSERT_EQ(config.instances.size(), 1u);
    EXPECT_EQ(config.instances[0].name, "default");
    EXPECT_EQ(config.instances[0].connection.host, "http://localhost:8080");
}

TEST(ConfigInstances, YamlListGivesEachInstanceItsOwnKeys) {
    TempDir dir;
    dir.write("config.yml", kTwoInstances);
    Config config = load_config(options_in(dir));
    ASSERT_EQ(config.instance_names(), (std::vector<std::string>{"a", "b-2"}));
    const auto* a = config.find_instance("a");
    const auto* b = config.find_instance("b-2");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->connection.host, "http://127.0.0.1:8081");
    EXPECT_EQ(a->connection.username, "alice");
    EXPECT_EQ(a->connection.password, "yaml-secret-a");
    EXPECT_EQ(a->connection.timeout_seconds, 60);  // default
    EXPECT_TRUE(a->connection.verify_tls);
    EXPECT_EQ(b->connection.username, "admin");  // default
    EXPECT_EQ(b->connection.timeout_seconds, 5);
    EXPECT_FALSE(b->connection.verify_tls);
    EXPECT_EQ(a->source, dir.path() + "/config.yml:3");
    EXPECT_EQ(config.sources.at("qbittorrent.instances.a.host"), dir.path() + "/config.yml:4");
    EXPECT_EQ(config.qbittorrent.host, a->connection.host);  // the single view is the first instance
    EXPECT_EQ(config.find_instance("default"), nullptr);
}

TEST(ConfigInstances, PrecedencePerKeyCliFileEnvYaml) {
    TempDir dir;
    dir.write("config.yml", kTwoInstances);
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_A_USERNAME"] = "env-user";
    options.env["QBT_RULES_QBITTORRENT_A_PASSWORD"] = "env-secret";
    options.env["QBT_RULES_QBITTORRENT_A_PASSWORD_FILE"] = dir.write("pw", "file-secret\n");
    options.env["QBT_RULES_QBITTORRENT_B_2_HOST"] = "http://127.0.0.1:7000";  // '-' -> '_'
    options.env["QBT_RULES_QBITTORRENT_B_2_TIMEOUT"] = "9s";
    options.cli["qbittorrent.instances.b-2.timeout"] = "11s";
    Config config = load_config(options);
    const auto* a = config.find_instance("a");
    const auto* b = config.find_instance("b-2");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->connection.username, "env-user");         // env > YAML
    EXPECT_EQ(a->connection.password, "file-secret");      // _FILE > env > YAML
    EXPECT_EQ(b->connection.host, "http://127.0.0.1:7000");
    EXPECT_EQ(b->connection.timeout_seconds, 11);          // CLI > env
    EXPECT_EQ(config.sources.at("qbittorrent.instances.a.password"),
              "file " + dir.path() + "/pw via QBT_RULES_QBITTORRENT_A_PASSWORD_FILE");
    EXPECT_EQ(config.sources.at("qbittorrent.instances.b-2.timeout"), "cli --set qbittorrent.instances.b-2.timeout");
}

TEST(ConfigInstances, DeclaredWithoutYamlThroughEnv) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_INSTANCES"] = "home, seedbox";
    options.env["QBT_RULES_QBITTORRENT_HOME_HOST"] = "http://127.0.0.1:8081";
    options.env["QBT_RULES_QBITTORRENT_SEEDBOX_HOST"] = "http://127.0.0.1:8082";
    options.env["QBT_RULES_QBITTORRENT_SEEDBOX_PASSWORD_FILE"] = dir.write("pw", "s3\r\n");
    Config config = load_config(options);
    ASSERT_EQ(config.instance_names(), (std::vector<std::string>{"home", "seedbox"}));
    EXPECT_EQ(config.find_instance("seedbox")->connection.password, "s3");
    EXPECT_EQ(config.find_instance("home")->source, "env QBT_RULES_QBITTORRENT_INSTANCES");
}

TEST(ConfigInstances, EnvAndCliAddInstancesToTheYamlList) {
    TempDir dir;
    dir.write("config.yml", kTwoInstances);
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_INSTANCES"] = "a,c";
    options.env["QBT_RULES_QBITTORRENT_C_HOST"] = "http://127.0.0.1:8083";
    options.cli["qbittorrent.instances"] = "d";
    options.cli["qbittorrent.instances.d.host"] = "http://127.0.0.1:8084";
    Config config = load_config(options);
    EXPECT_EQ(config.instance_names(), (std::vector<std::string>{"a", "b-2", "c", "d"}));
    EXPECT_EQ(config.find_instance("a")->connection.username, "alice");  // still the YAML entry
}

TEST(ConfigInstances, BothFormsAtOnceNameBothSources) {
    TempDir dir;
    dir.write("config.yml", kTwoInstances);
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_HOST"] = "http://127.0.0.1:1";
    const std::string text = joined(problems_of(options));
    EXPECT_TRUE(mentions(text, "qbittorrent.instances: cannot be used together with the single form "
                               "qbittorrent.host (env QBT_RULES_QBITTORRENT_HOST)")) << text;
    EXPECT_TRUE(mentions(text, "(" + dir.path() + "/config.yml:2)")) << text;

    TempDir yaml_only;
    yaml_only.write("config.yml", "qbittorrent:\n  host: http://x:1\n  instances:\n    - {name: a, host: http://y:2}\n");
    const std::string both = joined(problems_of(options_in(yaml_only)));
    EXPECT_TRUE(mentions(both, "qbittorrent.host (" + yaml_only.path() + "/config.yml:2)")) << both;
    EXPECT_TRUE(mentions(both, "config.yml:3)")) << both;
}

TEST(ConfigInstances, BadNamesAndEntriesNameFileAndLine) {
    TempDir dir;
    dir.write("config.yml",
              "qbittorrent:\n"
              "  instances:\n"
              "    - name: Big\n"                 // 3: upper case
              "      host: http://127.0.0.1:1\n"
              "    - name: all\n"                 // 5: reserved
              "      host: http://127.0.0.1:2\n"
              "    - name: ok\n"                  // 7
              "      host: http://127.0.0.1:3\n"
              "      hots: typo\n"                // 9: unknown key
              "    - name: ok\n"                  // 10: duplicate
              "      host: http://127.0.0.1:4\n"
              "    - host: http://127.0.0.1:5\n"  // 12: no name
              "    - name: nohost\n"              // 13: host missing
              "    - name: connect\n"             // 14: env names would shadow connect_timeout
              "      host: http://127.0.0.1:6\n"
              "    - name: t\n"
              "      timeout: soon\n"             // 17: bad value
              "      host: http://127.0.0.1:7\n");
    const std::string file = dir.path() + "/config.yml:";
    const std::string text = joined(problems_of(options_in(dir)));
    EXPECT_TRUE(mentions(text, "instance name 'Big' may only hold a-z, 0-9, '_' and '-' (" + file + "3)")) << text;
    EXPECT_TRUE(mentions(text, "instance name 'all' is reserved (instance=all means every instance) (" + file + "5)"))
        << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances[2].hots: unknown key (an instance takes name, host,")) << text;
    EXPECT_TRUE(mentions(text, file + "9)")) << text;
    EXPECT_TRUE(mentions(text, "instance 'ok' given twice (first at " + file + "7) (" + file + "10)")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances[4]: name is missing (" + file + "12)")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.nohost.host: is required for every listed instance")) << text;
    EXPECT_TRUE(mentions(text, file + "13)")) << text;
    EXPECT_TRUE(mentions(text, "instance name 'connect' is reserved")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.t.timeout: 'soon' is not a duration")) << text;
    EXPECT_TRUE(mentions(text, file + "17)")) << text;
}

TEST(ConfigInstances, EnvAndCliErrors) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_INSTANCES"] = "a,A b,a-1,a_1";
    options.env["QBT_RULES_QBITTORRENT_A_HOST"] = "http://127.0.0.1:1";
    options.env["QBT_RULES_QBITTORRENT_A_1_HOST"] = "http://127.0.0.1:2";
    options.env["QBT_RULES_QBITTORRENT_A_PASSWORD_FILE"] = dir.path() + "/missing";
    options.cli["qbittorrent.instances.zz.host"] = "http://127.0.0.1:3";
    options.cli["qbittorrent.instances.a.colour"] = "red";
    const std::string text = joined(problems_of(options));
    EXPECT_TRUE(mentions(text, "instance name 'A b' may only hold")) << text;
    EXPECT_TRUE(mentions(text, "(env QBT_RULES_QBITTORRENT_INSTANCES)")) << text;
    EXPECT_TRUE(mentions(text, "instances 'a-1' and 'a_1' would share environment names")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.a.password: cannot read file " + dir.path() + "/missing")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.zz.host: no instance named 'zz' is declared")) << text;
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.a.colour: unknown key")) << text;
}

TEST(ConfigInstances, SecretsNeverShownOrInErrors) {
    TempDir dir;
    dir.write("config.yml", kTwoInstances);
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_B_2_BASIC_AUTH_PASSWORD"] = "basic-secret";
    const std::string shown = describe(load_config(options));
    EXPECT_FALSE(mentions(shown, "yaml-secret-a")) << shown;
    EXPECT_FALSE(mentions(shown, "basic-secret")) << shown;
    EXPECT_TRUE(mentions(shown, "qbittorrent.instances.a.password = ***")) << shown;
    EXPECT_TRUE(mentions(shown, "qbittorrent.instances.b-2.basic_auth_password = ***")) << shown;
    EXPECT_TRUE(mentions(shown, "qbittorrent.instances.b-2.host = http://127.0.0.1:8082")) << shown;
    EXPECT_FALSE(mentions(shown, "\nqbittorrent.host =")) << shown;  // the single form is not shown

    TempDir bad;
    bad.write("config.yml", "qbittorrent:\n  instances:\n    - name: a\n      host: http://h:1\n"
                            "      password: [not-a-scalar-secret]\n");
    const std::string text = joined(problems_of(options_in(bad)));
    EXPECT_TRUE(mentions(text, "qbittorrent.instances.a.password: expected a single value")) << text;
    EXPECT_FALSE(mentions(text, "not-a-scalar-secret")) << text;
}

TEST(ConfigInstances, ScheduleEntriesCarryAnInstance) {
    TempDir dir;
    dir.write("config.yml", std::string(kTwoInstances) +
                                "schedule:\n"
                                "  - {cron: '0 3 * * *', context: nightly, instance: a}\n"
                                "  - {cron: '0 4 * * *', instance: all}\n"
                                "  - {cron: '0 5 * * *'}\n");
    LoadOptions options = options_in(dir);
    const std::string text = joined(problems_of(options));  // the third has instance "default": unknown
    EXPECT_TRUE(mentions(text, "schedule: instance 'default' is not configured (configured: a, b-2, or all)")) << text;
    EXPECT_TRUE(mentions(text, "config.yml:14)")) << text;

    dir.write("config.yml", std::string(kTwoInstances) +
                                "schedule:\n"
                                "  - {cron: '0 3 * * *', context: nightly, instance: a}\n"
                                "  - {cron: '0 4 * * *', instance: all}\n");
    Config config = load_config(options);
    ASSERT_EQ(config.schedule.size(), 2u);
    EXPECT_EQ(config.schedule[0].instance, "a");
    EXPECT_EQ(config.schedule[1].instance, "all");
}

}  // namespace
}  // namespace qbt::config::test
