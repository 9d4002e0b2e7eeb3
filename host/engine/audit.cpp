#include "engine/audit.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

std::string outcome_result(std::string_view outcome) {
    if (outcome == "ok") return "ok";
    if (outcome.rfind("error", 0) == 0) return "error";
    if (outcome.rfind("not executed", 0) == 0) return "not_executed";
    return "other";
}

void AuditLog::add(AuditEntry entry) {
    ++totals_[entry.action][outcome_result(entry.outcome)];
    if (entries_.size() >= kMaxEntries) {
        ++omitted_;
        return;
    }
    entries_.push_back(std::move(entry));
}

std::string AuditLog::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("actions");
    w.StartArray();
    for (const AuditEntry& e : entries_) {
        w.StartObject();
        w.Key("rule"); str(e.rule);
        w.Key("hash"); str(e.hash);
        w.Key("name"); str(e.name);
        w.Key("action"); str(e.action);
        w.Key("params");
        w.RawValue(e.params_json.c_str(), e.params_json.size(), rapidjson::kObjectType);
        w.Key("outcome"); str(e.outcome);
        if (!e.details_json.empty()) {
            w.Key("details");
            w.RawValue(e.details_json.c_str(), e.details_json.size(), rapidjson::kObjectType);
        }
        if (!e.note.empty()) {
            w.Key("note"); str(e.note);
        }
        w.EndObject();
    }
    w.EndArray();
    w.Key("omitted");
    w.Uint64(omitted_);
    w.Key("totals");
    w.StartObject();
    for (const auto& [action, results] : totals_) {
        str(action);
        w.StartObject();
        for (const auto& [result, n] : results) {
            str(result);
            w.Uint64(n);
        }
        w.EndObject();
    }
    w.EndObject();
    if (!protected_json_.empty()) {
        w.Key("protected");
        w.RawValue(protected_json_.data(), protected_json_.size(), rapidjson::kObjectType);
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
