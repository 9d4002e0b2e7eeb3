#include "metrics/job_metrics.hpp"

#include "metrics/audit_counts.hpp"

#include <rapidjson/document.h>

namespace qbt::metrics {
namespace {

double int_member(const rapidjson::Value& object, const char* name) {
    auto it = object.FindMember(name);
    return it != object.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble() : 0;
}

}  // namespace

ServerMetrics::ServerMetrics() {
    Registry& r = registry_;
    r.counter("qbt_rules_http_requests_total", "HTTP requests answered, by route, method and status code.",
              {"route", "method", "code"});
    r.gauge("qbt_rules_jobs", "Jobs in the queue by status (read from the queue at scrape time).", {"status"});
    r.gauge("qbt_rules_queue_depth", "Pending jobs waiting for the worker.");
    r.counter("qbt_rules_jobs_finished_total", "Jobs this process's worker finished, by final status.", {"status"});
    r.histogram("qbt_rules_job_duration_seconds", "How long the worker ran each job.", {"status"},
                {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800});
    r.counter("qbt_rules_jobs_submitted_total",
              "Jobs requested, by trigger (api, schedule) and whether they were coalesced into a pending job.",
              {"trigger", "coalesced"});
    r.counter("qbt_rules_actions_total", "Rule actions by result: executed, skipped (already in effect), error.",
              {"result"});
    r.counter("qbt_rules_action_executions_total",
              "Actions sent to qBittorrent, by action and result (ok, error, not_executed), from each job's "
              "audit's totals (which count every action, also past the audit's 10000-entry cap).",
              {"action", "result"});
    r.counter("qbt_rules_rule_matches_total", "Torrents matched, by rule.", {"rule"});
    r.counter("qbt_rules_rule_actions_total", "Rule actions by rule and result.", {"rule", "result"});
    r.counter("qbt_rules_qbittorrent_api_calls_total", "qBittorrent Web API calls made by jobs, by endpoint.",
              {"endpoint"});
    r.histogram("qbt_rules_qbittorrent_api_call_duration_seconds",
                "qBittorrent Web API call latency by endpoint (every call: jobs, previews, logins; failed calls "
                "until they failed).",
                {"endpoint"}, {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
}

void ServerMetrics::record_qbt_call(const std::string& endpoint, double seconds) {
    registry_.observe("qbt_rules_qbittorrent_api_call_duration_seconds", {endpoint}, seconds);
}

void ServerMetrics::record_http(const std::string& route, const std::string& method, int code) {
    registry_.add("qbt_rules_http_requests_total", {route, method, std::to_string(code)});
}

void ServerMetrics::record_submitted(const std::string& trigger, bool coalesced) {
    registry_.add("qbt_rules_jobs_submitted_total", {trigger, coalesced ? "true" : "false"});
}

void ServerMetrics::record_job(const std::string& status, double seconds, const std::string& result_json) {
    rapidjson::Document doc;
    if (!result_json.empty()) doc.Parse(result_json.c_str(), result_json.size());
    record_job(status, seconds, result_json.empty() || doc.HasParseError() ? nullptr : &doc);
}

void ServerMetrics::record_job(const std::string& status, double seconds, const rapidjson::Value* result) {
    registry_.add("qbt_rules_jobs_finished_total", {status});
    registry_.observe("qbt_rules_job_duration_seconds", {status}, seconds);
    if (result == nullptr || !result->IsObject()) return;
    const rapidjson::Value& doc = *result;
    const char* const results[][2] = {{"actions_executed", "executed"}, {"actions_skipped", "skipped"},
                                      {"errors", "error"}};
    for (const auto& [member, label] : results)
        if (double n = int_member(doc, member); n > 0) registry_.add("qbt_rules_actions_total", {label}, n);
    if (auto rules = doc.FindMember("rules"); rules != doc.MemberEnd() && rules->value.IsArray()) {
        for (const auto& rule : rules->value.GetArray()) {
            if (!rule.IsObject() || !rule.HasMember("name") || !rule["name"].IsString()) continue;
            const std::string name = rule["name"].GetString();
            if (double n = int_member(rule, "matched"); n > 0) registry_.add("qbt_rules_rule_matches_total", {name}, n);
            for (const auto& [member, label] : results)
                if (double n = int_member(rule, member); n > 0)
                    registry_.add("qbt_rules_rule_actions_total", {name, label}, n);
        }
    }
    if (auto calls = doc.FindMember("api_calls"); calls != doc.MemberEnd() && calls->value.IsObject()) {
        for (const auto& call : calls->value.GetObject())
            if (call.value.IsNumber() && call.value.GetDouble() > 0)
                registry_.add("qbt_rules_qbittorrent_api_calls_total", {call.name.GetString()},
                              call.value.GetDouble());
    }
}

void ServerMetrics::record_audit(const std::string& audit_json) {
    rapidjson::Document audit;
    if (audit_json.empty() || audit.Parse(audit_json.c_str(), audit_json.size()).HasParseError()) return;
    record_audit(audit);
}

void ServerMetrics::record_audit(const rapidjson::Value& audit) {
    ActionCounts counts;
    add_audit_counts(audit, counts);
    for (const auto& [action, results] : counts)
        for (const auto& [result, n] : results)
            if (n > 0) registry_.add("qbt_rules_action_executions_total", {action, result}, static_cast<double>(n));
}

void ServerMetrics::set_queue_counts(const std::map<std::string, uint64_t>& by_status) {
    registry_.clear("qbt_rules_jobs");
    for (const auto& [status, count] : by_status)
        registry_.set("qbt_rules_jobs", {status}, static_cast<double>(count));
    auto pending = by_status.find("pending");
    registry_.set("qbt_rules_queue_depth", {}, pending == by_status.end() ? 0 : static_cast<double>(pending->second));
}

}  // namespace qbt::metrics
