// The schedule list and the new keys in the config loader: YAML list of maps, env form,
// precedence, errors with their lines.
#include "config/config_loader.hpp"
#include "temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

using ::testing::HasSubstr;

namespace qbt::testing {
namespace {

config::Config load(TempDir& dir, const std::string& yaml, std::map<std::string, std::string> env = {}) {
    std::ofstream(dir.path() / "config.yml") << yaml;
    config::LoadOptions options;
    options.config_file = (dir.path() / "config.yml").string();
    options.env = std::move(env);
    return config::load_config(options);
}

std::vector<std::string> problems(TempDir& dir, const std::string& yaml, std::map<std::string, std::string> env = {}) {
    try {
        load(dir, yaml, std::move(env));
    } catch (const config::ConfigError& e) {
        return e.problems;
    }
    return {};
}

TEST(ScheduleConfig, YamlListOfEntries) {
    TempDir dir;
    const auto c = load(dir,
                        "schedule:\n"
                        "  - cron: \"*/30 * * * *\"\n"
                        "    context: nightly\n"
                        "  - {cron: 0 4 * * sun, dry_run: yes}\n");
    ASSERT_EQ(c.schedule.size(), 2u);
    EXPECT_EQ(c.schedule[0].cron, "*/30 * * * *");
    EXPECT_EQ(c.schedule[0].context.value_or(""), "nightly");
    EXPECT_FALSE(c.schedule[0].dry_run);
    EXPECT_THAT(c.schedule[0].source, HasSubstr("config.yml:2"));
    EXPECT_EQ(c.schedule[1].cron, "0 4 * * sun");
    EXPECT_FALSE(c.schedule[1].context);
    EXPECT_TRUE(c.schedule[1].dry_run);
    EXPECT_THAT(config::describe(c), HasSubstr("schedule[0] = cron \"*/30 * * * *\" context nightly"));
}

TEST(ScheduleConfig, EnvFormReplacesTheYamlList) {
    TempDir dir;
    const auto c = load(dir, "schedule:\n  - cron: \"0 1 * * *\"\n",
                        {{"QBT_RULES_SCHEDULE_10_CRON", "0 3 * * *"},
                         {"QBT_RULES_SCHEDULE_2_CRON", "*/15 * * * *"},
                         {"QBT_RULES_SCHEDULE_2_CONTEXT", "quarter"},
                         {"QBT_RULES_SCHEDULE_10_DRY_RUN", "true"}});
    ASSERT_EQ(c.schedule.size(), 2u);
    EXPECT_EQ(c.schedule[0].cron, "*/15 * * * *");  // N order: 2 before 10
    EXPECT_EQ(c.schedule[0].context.value_or(""), "quarter");
    EXPECT_EQ(c.schedule[1].cron, "0 3 * * *");
    EXPECT_TRUE(c.schedule[1].dry_run);
    EXPECT_EQ(c.sources.at("schedule"), "env QBT_RULES_SCHEDULE_*");
}

TEST(ScheduleConfig, NoScheduleByDefault) {
    TempDir dir;
    const auto c = load(dir, "server:\n  port: 5001\n");
    EXPECT_TRUE(c.schedule.empty());
    EXPECT_FALSE(c.queue.coalesce);
    EXPECT_FALSE(c.metrics.public_access);
}

TEST(ScheduleConfig, CoalesceAndMetricsPublicKeys) {
    TempDir dir;
    const auto c = load(dir, "queue:\n  coalesce: true\nmetrics:\n  public: on\n");
    EXPECT_TRUE(c.queue.coalesce);
    EXPECT_TRUE(c.metrics.public_access);
    const auto env = load(dir, "", {{"QBT_RULES_QUEUE_COALESCE", "true"}, {"QBT_RULES_METRICS_PUBLIC", "1"}});
    EXPECT_TRUE(env.queue.coalesce);
    EXPECT_TRUE(env.metrics.public_access);
    EXPECT_THAT(problems(dir, "metrics:\n  public: sometimes\n")[0], HasSubstr("metrics.public: 'sometimes' is not a boolean"));
}

TEST(ScheduleConfig, ErrorsNameTheEntryAndTheLine) {
    TempDir dir;
    EXPECT_THAT(problems(dir, "schedule:\n  cron: x\n")[0], HasSubstr("schedule: expected a list"));
    EXPECT_THAT(problems(dir, "schedule:\n  - \"0 1 * * *\"\n")[0],
                HasSubstr("schedule[0]: expected a mapping with cron"));
    EXPECT_THAT(problems(dir, "schedule:\n  - context: x\n")[0], HasSubstr("schedule[0]: cron is missing"));
    const auto unknown = problems(dir, "schedule:\n  - cron: \"0 1 * * *\"\n\n    contxt: x\n");
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_THAT(unknown[0], HasSubstr("unknown key 'contxt'"));
    EXPECT_THAT(unknown[0], HasSubstr("config.yml:4"));
    EXPECT_THAT(problems(dir, "schedule:\n  - {cron: \"0 1 * * *\", dry_run: maybe}\n")[0],
                HasSubstr("dry_run 'maybe' is not a boolean"));
    EXPECT_THAT(problems(dir, "schedule:\n  - {cron: [1, 2]}\n")[0], HasSubstr("expected a single value"));
    EXPECT_THAT(problems(dir, "", {{"QBT_RULES_SCHEDULE_1_CONTEXT", "x"}})[0],
                HasSubstr("QBT_RULES_SCHEDULE_1_CRON is missing"));
    EXPECT_THAT(problems(dir, "", {{"QBT_RULES_SCHEDULE_X_CRON", "0 1 * * *"}})[0],
                HasSubstr("env QBT_RULES_SCHEDULE_X_CRON"));
    EXPECT_THAT(problems(dir, "", {{"QBT_RULES_SCHEDULE_1_WHEN", "0 1 * * *"}})[0], HasSubstr("unknown key 'when'"));
}

}  // namespace
}  // namespace qbt::testing
