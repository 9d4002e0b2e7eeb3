#include "queue/job.hpp"

#include <qbt/cpp/iso_time.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <set>
#include <stdexcept>

namespace qbt::queue {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_optional(Writer& w, const char* key, const std::optional<std::string>& value) {
    w.Key(key);
    if (value) w.String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
    else w.Null();
}

std::string serialize(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<std::string> optional_string(const rapidjson::Value& doc, const char* key) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd() || it->value.IsNull()) return std::nullopt;
    if (!it->value.IsString())
        throw std::invalid_argument(std::string("job JSON: '") + key + "' must be a string or null");
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string required_string(const rapidjson::Value& doc, const char* key) {
    auto value = optional_string(doc, key);
    if (!value) throw std::invalid_argument(std::string("job JSON: '") + key + "' is missing");
    return *value;
}

const std::set<std::string, std::less<>> kKnownMembers = {
    "job_id", "context", "hash", "status", "created_at", "started_at", "completed_at",
    "result", "error", "dry_run", "attempts", "worker", "instance"};

}  // namespace

std::string to_json(const Job& job) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("job_id");
    w.String(job.job_id.c_str(), static_cast<rapidjson::SizeType>(job.job_id.size()));
    write_optional(w, "context", job.context);
    write_optional(w, "hash", job.hash);
    w.Key("status");
    w.String(job.status.c_str(), static_cast<rapidjson::SizeType>(job.status.size()));
    w.Key("created_at");
    w.String(job.created_at.c_str(), static_cast<rapidjson::SizeType>(job.created_at.size()));
    write_optional(w, "started_at", job.started_at);
    write_optional(w, "completed_at", job.completed_at);
    w.Key("result");
    // Embedded as it came, unparsed: the worker checked the engine's result, from_json
    // wrote the stored one (Job::result_json).
    if (job.result_json) w.RawValue(job.result_json->c_str(), job.result_json->size(), rapidjson::kObjectType);
    else w.Null();
    write_optional(w, "error", job.error);
    w.Key("dry_run");
    w.Bool(job.dry_run);
    w.Key("attempts");
    w.Int(job.attempts);
    write_optional(w, "worker", job.worker);
    w.Key("instance");
    w.String(job.instance.c_str(), static_cast<rapidjson::SizeType>(job.instance.size()));
    for (const auto& [key, json] : job.extra_json) {
        if (kKnownMembers.count(key)) continue;
        w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
        w.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

Job from_json(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject())
        throw std::invalid_argument("job JSON: not a JSON object");
    return from_document(doc);
}

Job from_document(const rapidjson::Value& doc) {
    if (!doc.IsObject()) throw std::invalid_argument("job JSON: not a JSON object");
    Job job;
    job.job_id = required_string(doc, "job_id");
    job.status = required_string(doc, "status");
    job.created_at = required_string(doc, "created_at");
    job.context = optional_string(doc, "context");
    job.hash = optional_string(doc, "hash");
    job.started_at = optional_string(doc, "started_at");
    job.completed_at = optional_string(doc, "completed_at");
    job.error = optional_string(doc, "error");
    job.worker = optional_string(doc, "worker");
    if (auto instance = optional_string(doc, "instance"); instance && !instance->empty())
        job.instance = *instance;
    if (auto it = doc.FindMember("result"); it != doc.MemberEnd() && !it->value.IsNull())
        job.result_json = serialize(it->value);
    if (auto it = doc.FindMember("dry_run"); it != doc.MemberEnd() && it->value.IsBool())
        job.dry_run = it->value.GetBool();
    if (auto it = doc.FindMember("attempts"); it != doc.MemberEnd() && it->value.IsInt())
        job.attempts = it->value.GetInt();
    for (const auto& member : doc.GetObject()) {
        std::string key(member.name.GetString(), member.name.GetStringLength());
        if (!kKnownMembers.count(key)) job.extra_json[key] = serialize(member.value);
    }
    return job;
}

void write_job(JobWriter& w, const rapidjson::Value& doc, std::string_view omit) {
    if (!doc.IsObject()) throw std::invalid_argument("job JSON: not a JSON object");
    auto text = [&](const char* key, bool required) {
        w.Key(key);
        if (auto value = optional_string(doc, key)) w.String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
        else if (required) throw std::invalid_argument(std::string("job JSON: '") + key + "' is missing");
        else w.Null();
    };
    // The order and defaults of to_json(from_document(doc)), without the round trip.
    w.StartObject();
    text("job_id", true);
    text("context", false);
    text("hash", false);
    text("status", true);
    text("created_at", true);
    text("started_at", false);
    text("completed_at", false);
    w.Key("result");
    if (auto it = doc.FindMember("result"); it != doc.MemberEnd()) it->value.Accept(w);
    else w.Null();
    text("error", false);
    auto dry_run = doc.FindMember("dry_run");
    w.Key("dry_run");
    w.Bool(dry_run != doc.MemberEnd() && dry_run->value.IsBool() && dry_run->value.GetBool());
    auto attempts = doc.FindMember("attempts");
    w.Key("attempts");
    w.Int(attempts != doc.MemberEnd() && attempts->value.IsInt() ? attempts->value.GetInt() : 0);
    text("worker", false);
    const auto instance = optional_string(doc, "instance");
    w.Key("instance");
    w.String(instance && !instance->empty() ? instance->c_str() : "default");
    std::map<std::string_view, const rapidjson::Value*> extras;  // by name, as Job::extra_json orders them
    for (const auto& member : doc.GetObject()) {
        const std::string_view key(member.name.GetString(), member.name.GetStringLength());
        if (!kKnownMembers.count(key) && key != omit) extras[key] = &member.value;
    }
    for (const auto& [key, value] : extras) {
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        value->Accept(w);
    }
    w.EndObject();
}

std::vector<std::string> job_rules(const Job& job) {
    std::vector<std::string> out;
    const auto it = job.extra_json.find("rules");
    if (it == job.extra_json.end()) return out;
    rapidjson::Document doc;
    doc.Parse(it->second.c_str(), it->second.size());
    if (doc.HasParseError() || !doc.IsArray()) return out;
    for (const auto& name : doc.GetArray())
        if (name.IsString()) out.emplace_back(name.GetString(), name.GetStringLength());
    return out;
}

void set_job_rules(Job& job, const std::vector<std::string>& rules) {
    if (rules.empty()) {
        job.extra_json.erase("rules");
        return;
    }
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    for (const std::string& name : rules) w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.EndArray();
    job.extra_json["rules"] = std::string(buffer.GetString(), buffer.GetSize());
}

std::string iso_from_unix_micros(int64_t micros) { return sdk::iso_from_unix_micros(micros); }

std::string now_iso() {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return iso_from_unix_micros(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

int64_t unix_micros_from_iso(const std::string& iso) {
    if (auto micros = sdk::unix_micros_from_iso(iso)) return *micros;
    throw std::invalid_argument("not an ISO 8601 UTC timestamp: '" + iso + "'");
}

}  // namespace qbt::queue
