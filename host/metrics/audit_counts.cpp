#include "metrics/audit_counts.hpp"

#include <rapidjson/document.h>

namespace qbt::metrics {
namespace {

// The result label of an entry's outcome, as the audit's totals name them.
const char* result_of(const std::string& outcome) {
    if (outcome == "ok") return "ok";
    if (outcome.rfind("error", 0) == 0) return "error";
    if (outcome.rfind("not executed", 0) == 0) return "not_executed";
    return "other";
}

}  // namespace

void add_audit_counts(const std::string& audit_json, ActionCounts& counts) {
    if (audit_json.empty()) return;
    rapidjson::Document audit;
    audit.Parse(audit_json.c_str(), audit_json.size());
    if (!audit.HasParseError()) add_audit_counts(audit, counts);
}

void add_audit_counts(const rapidjson::Value& audit, ActionCounts& counts) {
    if (!audit.IsObject()) return;
    // `totals` count every action, also those past the audit's entry cap.
    if (auto totals = audit.FindMember("totals"); totals != audit.MemberEnd() && totals->value.IsObject()) {
        for (const auto& action : totals->value.GetObject()) {
            if (!action.value.IsObject()) continue;
            for (const auto& result : action.value.GetObject())
                if (result.value.IsUint64())
                    counts[action.name.GetString()][result.name.GetString()] += result.value.GetUint64();
        }
        return;
    }
    auto actions = audit.FindMember("actions");
    if (actions == audit.MemberEnd() || !actions->value.IsArray()) return;
    for (const auto& entry : actions->value.GetArray()) {
        if (!entry.IsObject() || !entry.HasMember("action") || !entry["action"].IsString()) continue;
        const std::string outcome =
            entry.HasMember("outcome") && entry["outcome"].IsString() ? entry["outcome"].GetString() : "";
        counts[entry["action"].GetString()][result_of(outcome)] += 1;
    }
}

}  // namespace qbt::metrics
