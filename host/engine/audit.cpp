#include "engine/audit.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

namespace qbt::engine {

namespace {

void redact(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator) {
    if (value.IsObject()) {
        for (auto& member : value.GetObject()) {
            std::string_view name(member.name.GetString(), member.name.GetStringLength());
            if (is_secret_param(name)) member.value.SetString("***", allocator);
            else redact(member.value, allocator);
        }
    } else if (value.IsArray()) {
        for (auto& item : value.GetArray()) redact(item, allocator);
    }
}

}  // namespace

bool is_secret_param(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"url", "token", "password", "secret", "key", "webhook"})
        if (lower.find(word) != std::string::npos) return true;
    return false;
}

std::string redact_params_json(const std::string& params_json) {
    rapidjson::Document doc;
    doc.Parse(params_json.c_str(), params_json.size());
    if (doc.HasParseError() || !doc.IsObject()) return "{}";
    redact(doc, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

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
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
