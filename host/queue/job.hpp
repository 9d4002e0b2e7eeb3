// A job as the host sees it (the seed's job object), and its JSON form.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace qbt::queue {

struct Job {
    std::string job_id;                 // UUIDv7 (RFC 9562): time-ordered, opaque to clients
    std::optional<std::string> context;
    std::optional<std::string> hash;    // lower-case hex
    std::string status = "pending";     // pending processing completed failed cancelled
    std::string created_at;             // ISO 8601 UTC with microseconds
    std::optional<std::string> started_at;
    std::optional<std::string> completed_at;
    std::optional<std::string> result_json;  // JSON object text, when completed: valid JSON
                                             // (to_json embeds it unchecked)
    std::optional<std::string> error;
    bool dry_run = false;
    int attempts = 0;                   // times a worker started it
    std::optional<std::string> worker;  // who took it
    std::string instance = "default";  // qBittorrent instance (config.instances name)
    // Members this host does not know (added by a newer version) and the audit: name ->
    // JSON text (valid JSON, embedded unchecked), written back unchanged by to_json so that
    // a round-trip never drops them.
    std::map<std::string, std::string> extra_json;
};

// The rules a job runs when it names them (POST /api/execute?rule=NAME, issue 19): the
// member "rules" (a list of names), kept in extra_json so older hosts keep it unchanged.
// Empty: every rule that applies.
std::vector<std::string> job_rules(const Job& job);
void set_job_rules(Job& job, const std::vector<std::string>& rules);

// Seed job JSON: job_id, context, hash, status, created_at, started_at, completed_at,
// result (object or null), error, plus dry_run, attempts and instance (a document
// without "instance" reads as "default").
std::string to_json(const Job& job);
Job from_json(const std::string& json);  // throws std::invalid_argument
Job from_document(const rapidjson::Value& doc);  // a parsed job JSON; throws as from_json

// A stored job document (parsed) written as to_json(from_document(doc)) would write it,
// without the round trip: nothing is re-serialised to text on the way, and the member
// named `omit` (e.g. "audit") is never written. Throws std::invalid_argument as from_json.
using JobWriter = rapidjson::Writer<rapidjson::StringBuffer>;
void write_job(JobWriter& w, const rapidjson::Value& doc, std::string_view omit = {});

// "2024-01-15T10:30:00.123456Z" for now / for a time point.
std::string now_iso();
std::string iso_from_unix_micros(int64_t micros);
int64_t unix_micros_from_iso(const std::string& iso);  // throws std::invalid_argument
// A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, a 12-bit counter, the
// variant, 62 random bits. Ids made in one process sort in creation order (also within a
// millisecond), so the queue's primary key appends instead of writing a random b-tree leaf.
std::string new_job_id();

}  // namespace qbt::queue
