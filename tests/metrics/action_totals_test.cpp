// Actions by type count every executed action, also past the audit's entry cap: the
// audit's uncapped totals feed qbt_rules_action_executions_total (and GET
// /api/stats/actions); an audit from an older version (no totals) is still counted.
#include "engine/audit.hpp"
#include "metrics/job_metrics.hpp"

#include <rapidjson/document.h>

#include <gtest/gtest.h>

namespace qbt::testing {
namespace {

const char* const kFamily = "qbt_rules_action_executions_total";

engine::AuditEntry entry(const std::string& action, const std::string& outcome) {
    return {"rule", "0123456789abcdef0123456789abcdef01234567", "name", action, "{}", outcome};
}

TEST(ActionTotals, AJobPastTheAuditCapCountsEveryAction) {
    engine::AuditLog audit;
    const size_t over = engine::AuditLog::kMaxEntries + 2500;
    for (size_t i = 0; i < over; ++i) audit.add(entry("add_tag", "ok"));
    audit.add(entry("add_tag", "error: HTTP 500"));
    audit.add(entry("delete_torrent", "not executed: engine.max_deletes_per_job reached"));
    ASSERT_EQ(audit.entries().size(), engine::AuditLog::kMaxEntries);
    ASSERT_EQ(audit.omitted(), 2502u);

    metrics::ServerMetrics metrics;
    metrics.record_audit(audit.to_json());
    EXPECT_EQ(metrics.registry().value(kFamily, {"add_tag", "ok"}), static_cast<double>(over));
    EXPECT_EQ(metrics.registry().value(kFamily, {"add_tag", "error"}), 1);
    EXPECT_EQ(metrics.registry().value(kFamily, {"delete_torrent", "not_executed"}), 1);

    rapidjson::Document doc;
    doc.Parse(audit.to_json().c_str());
    ASSERT_TRUE(doc.IsObject());
    EXPECT_EQ(doc["totals"]["add_tag"]["ok"].GetUint64(), over);
    EXPECT_EQ(doc["actions"].Size(), engine::AuditLog::kMaxEntries);
}

TEST(ActionTotals, AnAuditWithoutTotalsIsCountedByItsEntries) {
    metrics::ServerMetrics metrics;
    metrics.record_audit(R"({"actions":[{"action":"stop","outcome":"ok"},{"action":"stop","outcome":"ok"},)"
                         R"({"action":"stop","outcome":"error: gone"}],"omitted":0})");
    EXPECT_EQ(metrics.registry().value(kFamily, {"stop", "ok"}), 2);
    EXPECT_EQ(metrics.registry().value(kFamily, {"stop", "error"}), 1);
}

TEST(ActionTotals, TwoJobsAddUp) {
    metrics::ServerMetrics metrics;
    for (int job = 0; job < 2; ++job) {
        engine::AuditLog audit;
        for (int i = 0; i < 3; ++i) audit.add(entry("set_category", "ok"));
        metrics.record_audit(audit.to_json());
    }
    EXPECT_EQ(metrics.registry().value(kFamily, {"set_category", "ok"}), 6);
}

}  // namespace
}  // namespace qbt::testing
