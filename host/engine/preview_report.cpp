// The JSON answer of a preview: per rule, what matched and what would be done.
#include "engine/previewer.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace qbt::engine {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// A rule matching tens of thousands of torrents must not make a huge answer: lists stop
// here (the counts stay exact).
constexpr size_t kMaxListed = 1000;

void str(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void optional_str(Writer& w, const char* key, const std::optional<std::string>& value) {
    w.Key(key);
    if (value) str(w, *value);
    else w.Null();
}

void write_rule(Writer& w, const RuleStats& rule, const std::vector<const PlannedAction*>& planned) {
    w.StartObject();
    w.Key("name"); str(w, rule.name);
    w.Key("matched_count"); w.Int(rule.matched);
    w.Key("matched");
    w.StartArray();
    for (size_t i = 0; i < rule.matched_torrents.size() && i < kMaxListed; ++i) {
        w.StartObject();
        w.Key("hash"); str(w, rule.matched_torrents[i].hash);
        w.Key("name"); str(w, rule.matched_torrents[i].name);
        w.Key("state"); str(w, rule.matched_torrents[i].state);
        w.EndObject();
    }
    w.EndArray();
    w.Key("planned_count"); w.Uint64(planned.size());
    w.Key("planned");
    w.StartArray();
    for (size_t i = 0; i < planned.size() && i < kMaxListed; ++i) {
        const PlannedAction& p = *planned[i];
        w.StartObject();
        w.Key("hash"); str(w, p.hash);
        w.Key("name"); str(w, p.name);
        w.Key("action"); str(w, p.action);
        w.Key("params");
        w.RawValue(p.params_json.c_str(), p.params_json.size(), rapidjson::kObjectType);  // redacted, valid
        w.EndObject();
    }
    w.EndArray();
    w.Key("truncated"); w.Bool(rule.matched_torrents.size() > kMaxListed || planned.size() > kMaxListed);
    w.EndObject();
}

void write_stats(Writer& w, const JobStats& stats) {
    w.StartObject();
    w.Key("total_torrents"); w.Int(stats.total_torrents);
    w.Key("torrents_matched"); w.Int(stats.torrents_processed);
    w.Key("rules_matched"); w.Int(stats.rules_matched);
    w.Key("actions_planned"); w.Uint64(stats.planned.size());
    // In a dry-run every planned action also counts as skipped; the rest were in place.
    w.Key("actions_in_place"); w.Int64(static_cast<int64_t>(stats.actions_skipped) - static_cast<int64_t>(stats.planned.size()));
    w.Key("errors"); w.Int(stats.errors);
    if (stats.deletes_capped > 0) {
        w.Key("deletes_capped_count"); w.Int(stats.deletes_capped);
        w.Key("deletes_capped_message"); str(w, stats.deletes_capped_message);
    }
    w.Key("api_calls");
    w.StartObject();
    for (const auto& [endpoint, count] : stats.api_calls) {
        str(w, endpoint);
        w.Uint64(count);
    }
    w.EndObject();
    w.EndObject();
}

void write_diagnostic(Writer& w, const rules::Diagnostic& d) {
    w.StartObject();
    w.Key("file"); str(w, d.where.file);
    w.Key("line"); w.Int(d.where.line);
    w.Key("column"); w.Int(d.where.column);
    w.Key("rule"); str(w, d.rule);
    w.Key("message"); str(w, d.message);
    w.Key("text"); str(w, d.to_string());
    w.EndObject();
}

}  // namespace

std::string preview_json(const JobStats& stats, const PreviewRequest& request, bool own_rules,
                         const std::vector<rules::Diagnostic>& warnings) {
    std::map<std::string, std::vector<const PlannedAction*>> planned_by_rule;  // rule names are unique
    for (const PlannedAction& p : stats.planned) planned_by_rule[p.rule].push_back(&p);

    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    optional_str(w, "context", request.context);
    optional_str(w, "hash", request.hash);
    w.Key("rules_source"); w.String(own_rules ? "request" : "server");
    w.Key("rules");
    w.StartArray();
    static const std::vector<const PlannedAction*> kNone;
    for (const RuleStats& rule : stats.rules) {
        auto it = planned_by_rule.find(rule.name);
        write_rule(w, rule, it == planned_by_rule.end() ? kNone : it->second);
    }
    w.EndArray();
    w.Key("stats");
    write_stats(w, stats);
    w.Key("warnings");
    w.StartArray();
    for (const rules::Diagnostic& d : warnings) write_diagnostic(w, d);
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string diagnostics_json(const std::vector<rules::Diagnostic>& diagnostics) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    for (const rules::Diagnostic& d : diagnostics) write_diagnostic(w, d);
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
