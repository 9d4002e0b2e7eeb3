#include "engine/job_stats.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

void JobStats::add(const RuleStats& rule) {
    rules_matched += rule.matched;
    actions_executed += rule.actions_executed;
    actions_skipped += rule.actions_skipped;
    errors += rule.errors;
    rules.push_back(rule);
}

std::string JobStats::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("total_torrents"); w.Int(total_torrents);
    w.Key("torrents_processed"); w.Int(torrents_processed);
    w.Key("rules_matched"); w.Int(rules_matched);
    w.Key("actions_executed"); w.Int(actions_executed);
    w.Key("actions_skipped"); w.Int(actions_skipped);
    w.Key("errors"); w.Int(errors);
    w.Key("dry_run"); w.Bool(dry_run);
    w.Key("rules");
    w.StartArray();
    for (const RuleStats& r : rules) {
        w.StartObject();
        w.Key("name"); str(r.name);
        w.Key("matched"); w.Int(r.matched);
        w.Key("actions_executed"); w.Int(r.actions_executed);
        w.Key("actions_skipped"); w.Int(r.actions_skipped);
        w.Key("errors"); w.Int(r.errors);
        if (!r.until_json.empty()) {
            w.Key("until");
            w.RawValue(r.until_json.c_str(), r.until_json.size(), rapidjson::kObjectType);
        }
        w.EndObject();
    }
    w.EndArray();
    w.Key("api_calls");
    w.StartObject();
    for (const auto& [endpoint, count] : api_calls) {
        str(endpoint);
        w.Uint64(count);
    }
    w.EndObject();
    if (!cleanup_json.empty()) {
        w.Key("cleanup");
        w.RawValue(cleanup_json.c_str(), cleanup_json.size(), rapidjson::kObjectType);
    }
    if (!disk_json.empty()) {
        w.Key("disk");
        w.RawValue(disk_json.c_str(), disk_json.size(), rapidjson::kObjectType);
    }
    if (deletes_capped > 0) {
        w.Key("deletes_capped"); w.Bool(true);
        w.Key("deletes_capped_count"); w.Int(deletes_capped);
        w.Key("deletes_capped_message"); str(deletes_capped_message);
    }
    if (dry_run) {
        w.Key("planned");
        w.StartArray();
        for (const PlannedAction& p : planned) {
            w.StartObject();
            w.Key("rule"); str(p.rule);
            w.Key("hash"); str(p.hash);
            w.Key("name"); str(p.name);
            w.Key("action"); str(p.action);
            w.Key("params");
            rapidjson::Document params;
            params.Parse(p.params_json.c_str());
            if (params.HasParseError() || !params.IsObject()) params.SetObject();
            params.Accept(w);
            if (!p.details_json.empty()) {
                w.Key("details");
                w.RawValue(p.details_json.c_str(), p.details_json.size(), rapidjson::kObjectType);
            }
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
