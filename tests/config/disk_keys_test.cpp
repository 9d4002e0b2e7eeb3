// Issue 15 keys: qbittorrent.path_map (a map-valued key: YAML mapping, env/CLI "a=b;c=d",
// per instance), qbittorrent.shares_disk, engine.unregistered_messages and the
// engine.orphans subsection.
#include "test_support.hpp"

namespace qbt::config::test {
namespace {

using PathMap = std::map<std::string, std::string>;

TEST(ConfigDiskKeys, PathMapFromYamlMappingNormalisesTrailingSlashes) {
    TempDir dir;
    dir.write("config.yml",
              "qbittorrent:\n"
              "  host: http://127.0.0.1:8080\n"
              "  path_map:\n"
              "    /downloads: /data/downloads\n"
              "    \"/tv/\": /mnt/tv/\n");
    Config config = load_config(options_in(dir));
    EXPECT_EQ(config.qbittorrent.path_map, (PathMap{{"/downloads", "/data/downloads"}, {"/tv", "/mnt/tv"}}));
    EXPECT_EQ(config.instances.at(0).connection.path_map, config.qbittorrent.path_map);
    EXPECT_TRUE(config.qbittorrent.shares_disk);
    const std::string shown = describe(config);
    EXPECT_NE(shown.find("qbittorrent.path_map = /downloads=/data/downloads;/tv=/mnt/tv  [" + dir.path() +
                         "/config.yml:3]"),
              std::string::npos)
        << shown;
}

TEST(ConfigDiskKeys, PathMapFromEnvAndCliWithPrecedence) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_PATH_MAP"] = "/downloads=/data/downloads; /tv = /data/tv ;";
    EXPECT_EQ(load_config(options).qbittorrent.path_map,
              (PathMap{{"/downloads", "/data/downloads"}, {"/tv", "/data/tv"}}));
    options.cli["qbittorrent.path_map"] = "/=/srv";
    Config config = load_config(options);
    EXPECT_EQ(config.qbittorrent.path_map, (PathMap{{"/", "/srv"}}));
    EXPECT_EQ(config.sources["qbittorrent.path_map"], "cli --qbittorrent-path-map");
    options.cli["qbittorrent.path_map"] = "";  // an empty value clears the map (identity)
    EXPECT_TRUE(load_config(options).qbittorrent.path_map.empty());
}

TEST(ConfigDiskKeys, PathMapAndSharesDiskPerInstance) {
    TempDir dir;
    dir.write("config.yml",
              "qbittorrent:\n"
              "  instances:\n"
              "    - name: home\n"
              "      host: http://127.0.0.1:8080\n"
              "      path_map: {/downloads: /data/home}\n"
              "    - name: seedbox\n"
              "      host: http://127.0.0.1:8081\n"
              "      shares_disk: false\n");
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_QBITTORRENT_SEEDBOX_PATH_MAP"] = "/home/me/files=/mnt/seedbox";
    Config config = load_config(options);
    ASSERT_EQ(config.instances.size(), 2u);
    EXPECT_EQ(config.instances[0].connection.path_map, (PathMap{{"/downloads", "/data/home"}}));
    EXPECT_TRUE(config.instances[0].connection.shares_disk);
    EXPECT_EQ(config.instances[1].connection.path_map, (PathMap{{"/home/me/files", "/mnt/seedbox"}}));
    EXPECT_FALSE(config.instances[1].connection.shares_disk);
    const std::string shown = describe(config);
    EXPECT_NE(shown.find("qbittorrent.instances.seedbox.path_map = /home/me/files=/mnt/seedbox  [env "
                         "QBT_RULES_QBITTORRENT_SEEDBOX_PATH_MAP]"),
              std::string::npos)
        << shown;
    EXPECT_NE(shown.find("qbittorrent.instances.seedbox.shares_disk = false"), std::string::npos) << shown;
}

TEST(ConfigDiskKeys, PathMapProblemsNameTheEntryAndWhereItCameFrom) {
    TempDir dir;
    dir.write("config.yml",
              "qbittorrent:\n"
              "  path_map:\n"
              "    /downloads: /data/downloads\n"
              "    relative/dir: /data/x\n");
    std::string problems = joined(problems_of(options_in(dir)));
    EXPECT_NE(problems.find("qbittorrent.path_map: qBittorrent path 'relative/dir' must be absolute"),
              std::string::npos)
        << problems;
    EXPECT_NE(problems.find("config.yml:4"), std::string::npos) << problems;

    dir.write("config.yml", "qbittorrent:\n  path_map: [/a, /b]\n");
    problems = joined(problems_of(options_in(dir)));
    EXPECT_NE(problems.find("qbittorrent.path_map: expected a mapping"), std::string::npos) << problems;

    dir.write("config.yml", "qbittorrent:\n  path_map:\n    /a: {nested: 1}\n");
    problems = joined(problems_of(options_in(dir)));
    EXPECT_NE(problems.find("mapping values must be plain values"), std::string::npos) << problems;

    TempDir empty;
    LoadOptions options = options_in(empty);
    options.env["QBT_RULES_QBITTORRENT_PATH_MAP"] = "/downloads:/data";
    problems = joined(problems_of(options));
    EXPECT_NE(problems.find("'/downloads:/data' is not qbittorrent_path=local_path"), std::string::npos) << problems;
    EXPECT_NE(problems.find("env QBT_RULES_QBITTORRENT_PATH_MAP"), std::string::npos) << problems;
    options.env["QBT_RULES_QBITTORRENT_PATH_MAP"] = "/a=/x;/a/=/y";
    problems = joined(problems_of(options));
    EXPECT_NE(problems.find("'/a/' is given twice"), std::string::npos) << problems;
    options.env["QBT_RULES_QBITTORRENT_PATH_MAP"] = "/a=data";
    problems = joined(problems_of(options));
    EXPECT_NE(problems.find("local path 'data' (for '/a') must be absolute"), std::string::npos) << problems;
}

TEST(ConfigDiskKeys, UnregisteredMessagesFromYamlListAndSemicolonEnv) {
    TempDir dir;
    dir.write("config.yml", "engine:\n  unregistered_messages:\n    - \"Torrent banned: dupe\"\n    - gone\n");
    EXPECT_EQ(load_config(options_in(dir)).engine.unregistered_messages,
              (std::vector<std::string>{"Torrent banned: dupe", "gone"}));
    TempDir other;
    LoadOptions options = options_in(other);
    options.env["QBT_RULES_ENGINE_UNREGISTERED_MESSAGES"] = "removed: rule 3; trumped";
    EXPECT_EQ(load_config(options).engine.unregistered_messages,
              (std::vector<std::string>{"removed: rule 3", "trumped"}));
}

TEST(ConfigDiskKeys, OrphansSubsectionFromYamlEnvAndCli) {
    TempDir dir;
    Config defaults = load_config(options_in(dir));
    EXPECT_EQ(defaults.engine.orphans.grace_seconds, 3600);
    EXPECT_EQ(defaults.engine.orphans.max, 1000);
    EXPECT_EQ(defaults.engine.orphans.action, "report");
    EXPECT_TRUE(defaults.engine.orphans.exclude.empty());

    dir.write("config.yml",
              "engine:\n"
              "  max_deletes_per_job: 5\n"
              "  orphans:\n"
              "    grace: 2h\n"
              "    exclude: [\"*.nfo\", \"*/keep/*\"]\n"
              "    max: 20\n");
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_ENGINE_ORPHANS_ACTION"] = "Delete";
    options.cli["engine.orphans.max"] = "30";
    Config config = load_config(options);
    EXPECT_EQ(config.engine.max_deletes_per_job, 5);
    EXPECT_EQ(config.engine.orphans.grace_seconds, 7200);
    EXPECT_EQ(config.engine.orphans.exclude, (std::vector<std::string>{"*.nfo", "*/keep/*"}));
    EXPECT_EQ(config.engine.orphans.max, 30);
    EXPECT_EQ(config.engine.orphans.action, "delete");
    EXPECT_EQ(config.sources["engine.orphans.grace"], dir.path() + "/config.yml:4");
    EXPECT_NE(describe(config).find("engine.orphans.exclude = *.nfo;*/keep/*"), std::string::npos);
}

TEST(ConfigDiskKeys, OrphansProblemsAreNamed) {
    TempDir dir;
    dir.write("config.yml", "engine:\n  orphans:\n    grac: 2h\n    action: shred\n");
    const std::string problems = joined(problems_of(options_in(dir)));
    EXPECT_NE(problems.find("engine.orphans.grac: unknown key (did you mean 'engine.orphans.grace'?)"),
              std::string::npos)
        << problems;
    EXPECT_NE(problems.find("engine.orphans.action: 'shred' is not one of report, recycle, delete"),
              std::string::npos)
        << problems;
    dir.write("config.yml", "engine:\n  orphans: 5\n");
    EXPECT_NE(joined(problems_of(options_in(dir))).find("engine.orphans: expected a mapping of keys"),
              std::string::npos);
}

// Issue 19: how long a job waits for a magnet's metadata; a duration like the others, 0 allowed.
TEST(ConfigDiskKeys, MetadataWaitIsADurationFromEveryPlace) {
    TempDir dir;
    EXPECT_EQ(load_config(options_in(dir)).engine.metadata_wait_seconds, 600);
    dir.write("config.yml", "engine:\n  metadata_wait: 30m\n");
    EXPECT_EQ(load_config(options_in(dir)).engine.metadata_wait_seconds, 1800);
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_ENGINE_METADATA_WAIT"] = "0";
    EXPECT_EQ(load_config(options).engine.metadata_wait_seconds, 0);
    options.cli["engine.metadata_wait"] = "90s";
    Config config = load_config(options);
    EXPECT_EQ(config.engine.metadata_wait_seconds, 90);
    EXPECT_NE(describe(config).find("engine.metadata_wait"), std::string::npos);
    options.cli["engine.metadata_wait"] = "soon";
    EXPECT_NE(joined(problems_of(options)).find("engine.metadata_wait"), std::string::npos);
}

}  // namespace
}  // namespace qbt::config::test
