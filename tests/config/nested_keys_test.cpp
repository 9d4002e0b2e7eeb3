// Keys grouped under a sub-section (engine.recycle_bin.dir): written as a nested mapping
// in config.yml, QBT_RULES_ENGINE_RECYCLE_BIN_DIR in the environment, `--set` with the
// full dotted name; errors name the full key and its file:line.
#include "test_support.hpp"

namespace qbt::config::test {
namespace {

TEST(NestedKeys, RecycleBinDefaultsToOff) {
    TempDir dir;
    Config c = load_config(options_in(dir));
    EXPECT_EQ(c.engine.recycle_bin.dir, "");
    EXPECT_EQ(c.engine.recycle_bin.keep_seconds, 30 * 86400);
}

TEST(NestedKeys, YamlMappingSetsEachKeyWithItsLine) {
    TempDir dir;
    dir.write("config.yml", "engine:\n  dry_run: true\n  recycle_bin:\n    dir: /data/bin\n    keep: 2d\n");
    Config c = load_config(options_in(dir));
    EXPECT_EQ(c.engine.recycle_bin.dir, "/data/bin");
    EXPECT_EQ(c.engine.recycle_bin.keep_seconds, 2 * 86400);
    EXPECT_TRUE(c.engine.dry_run);
    EXPECT_EQ(c.sources.at("engine.recycle_bin.keep"), dir.path() + "/config.yml:5");
}

TEST(NestedKeys, EnvAndCliUseTheFullName) {
    TempDir dir;
    dir.write("config.yml", "engine:\n  recycle_bin:\n    dir: /from/yaml\n");
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_ENGINE_RECYCLE_BIN_DIR"] = "/from/env";
    options.env["QBT_RULES_ENGINE_RECYCLE_BIN_KEEP"] = "12h";
    Config from_env = load_config(options);
    EXPECT_EQ(from_env.engine.recycle_bin.dir, "/from/env");
    EXPECT_EQ(from_env.engine.recycle_bin.keep_seconds, 12 * 3600);
    options.cli["engine.recycle_bin.dir"] = "/from/cli";
    EXPECT_EQ(load_config(options).engine.recycle_bin.dir, "/from/cli");
    EXPECT_NE(describe(load_config(options)).find("engine.recycle_bin.dir = /from/cli"), std::string::npos)
        << describe(load_config(options));
}

TEST(NestedKeys, ProblemsNameTheFullKeyAndLine) {
    TempDir dir;
    dir.write("config.yml", "engine:\n  recycle_bin:\n    dri: /x\n    keep: soon\n");
    const std::string text = joined(problems_of(options_in(dir)));
    EXPECT_NE(text.find("engine.recycle_bin.dri: unknown key (did you mean 'engine.recycle_bin.dir'?)"),
              std::string::npos) << text;
    EXPECT_NE(text.find(dir.path() + "/config.yml:3"), std::string::npos) << text;
    EXPECT_NE(text.find("engine.recycle_bin.keep: 'soon' is not a duration"), std::string::npos) << text;

    dir.write("config.yml", "engine:\n  recycle_bin: /data/bin\n");
    const std::string scalar = joined(problems_of(options_in(dir)));
    EXPECT_NE(scalar.find("engine.recycle_bin: expected a mapping of keys (" + dir.path() + "/config.yml:2)"),
              std::string::npos) << scalar;
}

TEST(NestedKeys, ZeroKeepIsRefused) {
    TempDir dir;
    LoadOptions options = options_in(dir);
    options.env["QBT_RULES_ENGINE_RECYCLE_BIN_KEEP"] = "0";
    EXPECT_NE(joined(problems_of(options)).find("engine.recycle_bin.keep: must be greater than zero"),
              std::string::npos);
}

}  // namespace
}  // namespace qbt::config::test
