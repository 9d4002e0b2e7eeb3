// The metrics registry and its text exposition, read back with a strict parser; and
// ServerMetrics fed with an engine result.
#include "exposition_parser.hpp"
#include "metrics/exposition.hpp"
#include "metrics/job_metrics.hpp"
#include "metrics/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using ::testing::HasSubstr;

namespace qbt::testing {
namespace {

TEST(MetricsRegistry, CountersGaugesAndHistogramsRoundTrip) {
    metrics::Registry r;
    r.counter("t_requests_total", "Requests.", {"route", "code"});
    r.gauge("t_depth", "Depth.");
    r.histogram("t_seconds", "Durations.", {"status"}, {0.1, 1, 10});
    r.add("t_requests_total", {"/api/execute", "202"});
    r.add("t_requests_total", {"/api/execute", "202"}, 2);
    r.add("t_requests_total", {"/api/jobs", "401"});
    r.set("t_depth", {}, 7);
    for (double v : {0.05, 0.1, 0.5, 3.0, 50.0}) r.observe("t_seconds", {"completed"}, v);

    const auto e = parse_exposition(r.render());
    EXPECT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
    EXPECT_EQ(e.type.at("t_requests_total"), "counter");
    EXPECT_EQ(e.type.at("t_depth"), "gauge");
    EXPECT_EQ(e.type.at("t_seconds"), "histogram");
    EXPECT_EQ(e.help.at("t_depth"), "Depth.");
    EXPECT_EQ(e.value("t_requests_total", {{"route", "/api/execute"}, {"code", "202"}}), 3);
    EXPECT_EQ(e.value("t_requests_total", {{"route", "/api/jobs"}}), 1);
    EXPECT_EQ(e.value("t_depth"), 7);
    // Buckets are cumulative; le="0.1" includes 0.1 itself.
    EXPECT_EQ(e.value("t_seconds_bucket", {{"status", "completed"}, {"le", "0.1"}}), 2);
    EXPECT_EQ(e.value("t_seconds_bucket", {{"le", "1"}}), 3);
    EXPECT_EQ(e.value("t_seconds_bucket", {{"le", "10"}}), 4);
    EXPECT_EQ(e.value("t_seconds_bucket", {{"le", "+Inf"}}), 5);
    EXPECT_EQ(e.value("t_seconds_count"), 5);
    EXPECT_DOUBLE_EQ(e.value("t_seconds_sum"), 53.65);
}

TEST(MetricsRegistry, LabelValuesAndHelpAreEscaped) {
    metrics::Registry r;
    r.counter("t_rule_total", "Per rule.\nSecond line with a \\ backslash.", {"rule"});
    const std::string nasty = "tag \"x\"\nand \\ more";
    r.add("t_rule_total", {nasty});
    const std::string text = r.render();
    EXPECT_THAT(text, HasSubstr(R"(t_rule_total{rule="tag \"x\"\nand \\ more"} 1)"));
    const auto e = parse_exposition(text);
    ASSERT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
    EXPECT_EQ(e.value("t_rule_total", {{"rule", nasty}}), 1);
    EXPECT_EQ(e.help.at("t_rule_total"), "Per rule.\nSecond line with a \\ backslash.");
}

TEST(MetricsRegistry, UnlabelledFamiliesShowZeroBeforeTheirFirstUpdate) {
    metrics::Registry r;
    r.counter("t_plain_total", "Plain.");
    r.counter("t_labelled_total", "Labelled.", {"x"});
    const auto e = parse_exposition(r.render());
    EXPECT_EQ(e.value("t_plain_total"), 0);
    EXPECT_EQ(e.value("t_labelled_total"), -1);  // no series yet
}

TEST(MetricsRegistry, MisuseIsAClearErrorNotACrash) {
    metrics::Registry r;
    r.counter("t_total", "x", {"a"});
    EXPECT_THROW(r.add("t_missing", {}), std::invalid_argument);
    EXPECT_THROW(r.add("t_total", {}), std::invalid_argument);
    EXPECT_THROW(r.observe("t_total", {"a"}, 1), std::invalid_argument);
}

TEST(MetricsRegistry, ConcurrentUpdatesAreAllCounted) {
    metrics::Registry r;
    r.counter("t_total", "x");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) r.add("t_total", {});
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(r.value("t_total", {}), 40000);
}

TEST(MetricsExposition, NumbersUseTheShortestExactText) {
    EXPECT_EQ(metrics::format_value(3), "3");
    EXPECT_EQ(metrics::format_value(0.1), "0.1");
    EXPECT_EQ(metrics::format_value(2.5), "2.5");
    EXPECT_EQ(metrics::format_value(-1), "-1");
    EXPECT_EQ(metrics::format_value(1e300), "1e+300");
    EXPECT_EQ(metrics::format_value(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(metrics::format_value(std::nan("")), "NaN");
    EXPECT_EQ(metrics::format_value(HUGE_VAL), "+Inf");
    EXPECT_EQ(metrics::format_value(-HUGE_VAL), "-Inf");
}

TEST(ServerMetrics, AJobResultFeedsRuleActionAndApiCallCounts) {
    metrics::ServerMetrics m;
    const char* result = R"({"total_torrents":10,"rules_matched":3,"actions_executed":4,"actions_skipped":2,
        "errors":1,"rules":[{"name":"Tag big","matched":3,"actions_executed":3,"actions_skipped":2,"errors":0},
        {"name":"Stop \"old\"","matched":1,"actions_executed":1,"actions_skipped":0,"errors":1}],
        "api_calls":{"torrents/info":2,"torrents/addTags":1}})";
    m.record_job("completed", 1.5, result);
    m.record_job("failed", 0.2, "");
    m.record_job("completed", 0.3, "not json");  // counted, nothing else read
    m.record_audit(R"({"actions":[{"rule":"r","hash":"h","name":"n","action":"add_tag","params":{},"outcome":"ok"},
        {"action":"add_tag","outcome":"ok"},{"action":"stop","outcome":"error: HTTP 500"},
        {"action":"delete_torrent","outcome":"not executed: cap reached"}],"omitted":0})");
    m.record_audit("");
    m.record_audit("[not an object]");
    m.record_submitted("api", false);
    m.record_submitted("schedule", true);
    m.set_queue_counts({{"pending", 4}, {"completed", 9}});
    const auto e = parse_exposition(m.render());
    ASSERT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
    EXPECT_EQ(e.value("qbt_rules_jobs_finished_total", {{"status", "completed"}}), 2);
    EXPECT_EQ(e.value("qbt_rules_jobs_finished_total", {{"status", "failed"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_job_duration_seconds_count", {{"status", "completed"}}), 2);
    EXPECT_EQ(e.value("qbt_rules_actions_total", {{"result", "executed"}}), 4);
    EXPECT_EQ(e.value("qbt_rules_actions_total", {{"result", "skipped"}}), 2);
    EXPECT_EQ(e.value("qbt_rules_actions_total", {{"result", "error"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_action_executions_total", {{"action", "add_tag"}, {"result", "ok"}}), 2);
    EXPECT_EQ(e.value("qbt_rules_action_executions_total", {{"action", "stop"}, {"result", "error"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_action_executions_total", {{"action", "delete_torrent"}, {"result", "not_executed"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_rule_matches_total", {{"rule", "Tag big"}}), 3);
    EXPECT_EQ(e.value("qbt_rules_rule_matches_total", {{"rule", "Stop \"old\""}}), 1);
    EXPECT_EQ(e.value("qbt_rules_rule_actions_total", {{"rule", "Stop \"old\""}, {"result", "error"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_qbittorrent_api_calls_total", {{"endpoint", "torrents/info"}}), 2);
    EXPECT_EQ(e.value("qbt_rules_jobs_submitted_total", {{"trigger", "schedule"}, {"coalesced", "true"}}), 1);
    EXPECT_EQ(e.value("qbt_rules_jobs", {{"status", "pending"}}), 4);
    EXPECT_EQ(e.value("qbt_rules_queue_depth"), 4);
}

}  // namespace
}  // namespace qbt::testing
