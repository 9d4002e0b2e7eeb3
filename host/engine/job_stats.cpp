#include "engine/job_stats.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

void UnknownValues::record(const std::string& field, size_t torrent, const std::string& reason) {
    if (!seen_.emplace(field, torrent).second) return;
    Field& entry = fields_[field];
    ++entry.count;
    if (entry.reasons.count(reason) || entry.reasons.size() < kMaxReasons) ++entry.reasons[reason];
    else ++entry.reasons["other"];
}

int UnknownValues::count(const std::string& field) const {
    auto it = fields_.find(field);
    return it == fields_.end() ? 0 : it->second.count;
}

std::string UnknownValues::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    for (const auto& [field, entry] : fields_) {
        w.Key(field.c_str());
        w.StartObject();
        w.Key("count");
        w.Int(entry.count);
        w.Key("reasons");
        w.StartObject();
        for (const auto& [reason, n] : entry.reasons) {
            w.Key(reason.c_str());
            w.Int(n);
        }
        w.EndObject();
        w.EndObject();
    }
    w.EndObject();
    return buffer.GetString();
}

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
    // Fragments already serialised elsewhere are spliced in as they are.
    auto raw = [&](const char* key, const std::string& json) {
        if (json.empty()) return;
        w.Key(key);
        w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    };
    if (!unknown_values.empty()) raw("unknown_values", unknown_values.to_json());
    raw("disk", disk_json);
    raw("cleanup", cleanup_json);
    raw("protected", protected_json);
    raw("metadata", metadata_json);
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
            if (!p.note.empty()) {
                w.Key("note"); str(p.note);
            }
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
