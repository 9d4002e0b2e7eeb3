// The server's metrics (GET /metrics): the families qbt-rules exports and how each is fed.
//   qbt_rules_http_requests_total{route,method,code}      counter, per request
//   qbt_rules_jobs{status}                                 gauge, queue counts at scrape time
//   qbt_rules_queue_depth                                  gauge, pending jobs at scrape time
//   qbt_rules_jobs_finished_total{status}                  counter, by this process's worker
//   qbt_rules_job_duration_seconds{status}                 histogram, worker run time
//   qbt_rules_jobs_submitted_total{trigger,coalesced}      counter, api / schedule
//   qbt_rules_actions_total{result}                        counter, executed/skipped/error
//   qbt_rules_action_executions_total{action,result}       counter, ok/error/not_executed (audit)
//   qbt_rules_rule_matches_total{rule}                     counter, torrents matched per rule
//   qbt_rules_rule_actions_total{rule,result}              counter
//   qbt_rules_qbittorrent_api_calls_total{endpoint}        counter, Web API calls made by jobs
//   qbt_rules_qbittorrent_api_call_duration_seconds{endpoint}  histogram, every Web API call's
//                                                           latency (jobs, previews, logins)
// Rule, action and API-call counts come from each finished job's result JSON (the engine's
// statistics) and its audit (executed actions by type, from the audit's uncapped totals), so
// the engine needs no metrics code. Call latency comes straight from the Web API client.
#pragma once

#include "metrics/registry.hpp"

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <string>

namespace qbt::metrics {

class ServerMetrics {
public:
    ServerMetrics();

    void record_http(const std::string& route, const std::string& method, int code);
    // status: completed | failed; result: the job's result object (nullptr when failed).
    // The worker passes the document it already parsed; the text forms parse it first.
    void record_job(const std::string& status, double seconds, const rapidjson::Value* result);
    void record_job(const std::string& status, double seconds, const std::string& result_json);
    // The job's audit ({"actions":[{action, outcome...}]}, engine/audit.hpp); "" when none.
    void record_audit(const rapidjson::Value& audit);
    void record_audit(const std::string& audit_json);
    void record_submitted(const std::string& trigger, bool coalesced);
    // One qBittorrent Web API call (CurlWebApi's call observer): endpoint, seconds taken.
    void record_qbt_call(const std::string& endpoint, double seconds);
    // Called at scrape time with the queue's counts by status.
    void set_queue_counts(const std::map<std::string, uint64_t>& by_status);

    std::string render() const { return registry_.render(); }
    Registry& registry() { return registry_; }

private:
    Registry registry_;
};

}  // namespace qbt::metrics
