#include "queue/job.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
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

std::string iso_from_unix_micros(int64_t micros) {
    int64_t seconds = micros / 1000000;
    int64_t fraction = micros % 1000000;
    if (fraction < 0) {
        fraction += 1000000;
        --seconds;
    }
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(fraction));
    return out;
}

std::string now_iso() {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return iso_from_unix_micros(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

int64_t unix_micros_from_iso(const std::string& iso) {
    int year, month, day, hour, minute, second, consumed = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &second, &consumed) != 6 ||
        month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        throw std::invalid_argument("not an ISO 8601 timestamp: '" + iso + "'");
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    int64_t micros = static_cast<int64_t>(timegm(&tm)) * 1000000;
    size_t pos = static_cast<size_t>(consumed);
    if (pos < iso.size() && iso[pos] == '.') {
        int64_t scale = 100000;
        for (++pos; pos < iso.size() && iso[pos] >= '0' && iso[pos] <= '9'; ++pos) {
            micros += (iso[pos] - '0') * scale;
            scale /= 10;
        }
    }
    if (pos < iso.size() && iso[pos] == 'Z') ++pos;
    if (pos != iso.size()) throw std::invalid_argument("not an ISO 8601 UTC timestamp: '" + iso + "'");
    return micros;
}

std::string new_job_id() {
    thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    uint64_t high = generator(), low = generator();
    high = (high & ~0xF000ULL) | 0x4000ULL;                          // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;     // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32),
                  static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(high & 0xFFFF),
                  static_cast<unsigned long long>(low >> 48),
                  static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
    return out;
}

}  // namespace qbt::queue
