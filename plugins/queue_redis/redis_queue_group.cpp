// Group support of the Redis backend: instance leases with fencing tokens, recovery of
// jobs whose lease expired, heartbeats, group status and once-per-group claims.
// Each state change is one Lua script (redis_group_scripts.hpp); a take is optimistic:
// read the candidate, build its processing document here, commit only if nothing moved.
#include "redis_queue.hpp"

#include "queue_common/job_document.hpp"
#include "redis_group_scripts.hpp"
#include "redis_scripts.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <random>
#include <thread>

namespace qbt::queue_plugin {

namespace {

constexpr std::chrono::milliseconds kPollInterval{100};  // while no job can be taken

std::string text_of(qbt_string s) { return std::string(view(s)); }

std::string element(const redisReply* reply, size_t index) {
    if (reply->type != REDIS_REPLY_ARRAY || index >= reply->elements)
        throw sdk::Error(QBT_E_INTERNAL, "redis: unexpected script reply");
    return reply_string(reply->element[index]);
}

// The candidate's document as dequeue_leased stores it: processing, started, taken by
// `server`, one more attempt, and a last member "lease_token":-1 that the take script
// replaces with the token it allocates (so tokens grow in the order leases are taken).
std::string processing_document(const std::string& pending, const qbt_leased_dequeue_request& request) {
    JobDocument marked(pending);
    marked.mark_started(request.started_at, request.server_id);
    rapidjson::Document doc;
    const std::string text = marked.text();
    doc.Parse(text.c_str(), text.size());
    doc.RemoveMember("lease_token");
    doc.AddMember("lease_token", -1, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

// The finish scripts' ARGV from index 3: status context hash document started_at
// completed_at result error.
std::vector<std::string> finish_args(const qbt_job& job, std::string first, std::string second) {
    JobDocument doc(view(job.document));
    return {std::move(first), std::move(second), text_of(job.status), text_of(job.context),
            text_of(job.hash), text_of(job.document), doc.string("started_at").value_or(""),
            doc.string("completed_at").value_or(""), doc.json("result").value_or(""),
            doc.string("error").value_or("")};
}

std::string instance_name(const char* instance) {
    return instance && *instance ? instance : "default";
}

uint64_t parse_token(const std::string& text) {
    try {
        return static_cast<uint64_t>(std::stoull(text));
    } catch (const std::exception&) {
        throw sdk::Error(QBT_E_INTERNAL, "redis: lease token '" + text + "' is not a number");
    }
}

}  // namespace

std::optional<RedisQueue::LeasedJob> RedisQueue::try_take(const qbt_leased_dequeue_request& request) {
    std::vector<std::string> instances;
    for (uint32_t i = 0; i < request.instance_count; ++i) instances.push_back(instance_name(request.instances[i]));
    if (instances.empty()) instances.push_back("default");
    for (int round = 0; round < 10; ++round) {
        Reply candidate = eval(scripts::kLeaseCandidate, instances);
        if (candidate->type != REDIS_REPLY_ARRAY || candidate->elements < 3) return std::nullopt;
        const std::string id = element(candidate.get(), 0), instance = element(candidate.get(), 1);
        const std::string pending = element(candidate.get(), 2);
        Reply taken = eval(scripts::kLeaseTake,
                           {id, instance, pending, processing_document(pending, request),
                            request.server_id ? request.server_id : "", std::to_string(request.lease_ms),
                            request.started_at ? request.started_at : ""});
        if (element(taken.get(), 0) == "ok")
            return LeasedJob{element(taken.get(), 2), parse_token(element(taken.get(), 1))};
        // "busy" or "changed": another server took this lease or job first; look again
    }
    return std::nullopt;
}

std::optional<RedisQueue::LeasedJob> RedisQueue::dequeue_leased(const qbt_leased_dequeue_request& request) {
    if (request.lease_ms <= 0) throw sdk::Error(QBT_E_INVALID, "dequeue_leased: lease_ms must be positive");
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(std::max(0, request.timeout_ms));
    for (;;) {
        if (auto job = try_take(request)) return job;
        const auto now = clock::now();
        if (request.timeout_ms <= 0 || now >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::min<clock::duration>(kPollInterval, deadline - now));
    }
}

bool RedisQueue::renew_lease(const qbt_lease& lease, int64_t lease_ms) {
    return reply_integer(eval(scripts::kLeaseRenew, {instance_name(lease.instance), std::to_string(lease.token),
                                                     std::to_string(lease_ms)})
                             .get()) == 1;
}

void RedisQueue::complete_leased(const qbt_job& job, const qbt_lease& lease) {
    const std::string id = text_of(job.job_id);
    Reply reply = eval_text(std::string(scripts::kFinishPrelude) + scripts::kCompleteLeased,
                            finish_args(job, id, std::to_string(lease.token)));
    const std::string outcome = element(reply.get(), 0);
    if (outcome == "missing") throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + id + "'");
    if (outcome == "fenced")
        throw sdk::Error(QBT_E_STATE, "job '" + id + "' is no longer processing under lease token " +
                                          std::to_string(lease.token) + " (it is " + element(reply.get(), 1) +
                                          "): another server recovered it; this outcome was not stored");
}

void RedisQueue::release_lease(const qbt_lease& lease) {
    eval(scripts::kLeaseRelease, {instance_name(lease.instance), std::to_string(lease.token)});
}

std::vector<std::string> RedisQueue::list_expired() {
    Reply reply = eval(scripts::kListExpired, {});
    std::vector<std::string> docs;
    for (size_t i = 0; i < reply->elements; ++i) docs.push_back(reply_string(reply->element[i]));
    return docs;
}

void RedisQueue::recover_expired(const qbt_job& job, uint64_t expected_token) {
    const std::string id = text_of(job.job_id);
    Reply reply = eval_text(std::string(scripts::kFinishPrelude) + scripts::kRecoverExpired,
                            finish_args(job, id, expected_token ? std::to_string(expected_token) : ""));
    const std::string outcome = element(reply.get(), 0);
    if (outcome == "missing") throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + id + "'");
    if (outcome == "state")
        throw sdk::Error(QBT_E_STATE, "job '" + id + "' was not recovered: it is " + element(reply.get(), 1) +
                                          " (another server recovered it, or its lease is held)");
}

void RedisQueue::heartbeat(const char* server_id, const char* info_json, int64_t ttl_ms) {
    if (!server_id || !*server_id) throw sdk::Error(QBT_E_INVALID, "heartbeat: empty server id");
    eval(scripts::kHeartbeat, {server_id, info_json ? info_json : "{}", std::to_string(std::max<int64_t>(1, ttl_ms))});
}

std::string RedisQueue::group_status() {
    Reply reply = eval(scripts::kGroupStatus, {});
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3)
        throw sdk::Error(QBT_E_INTERNAL, "redis: unexpected group status reply");
    const redisReply* servers = reply->element[0];
    const redisReply* leases = reply->element[1];
    const redisReply* pending = reply->element[2];
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
    out.StartObject();
    out.Key("servers");
    out.StartArray();
    for (size_t i = 0; i + 2 < servers->elements; i += 3) {
        out.StartObject();
        out.Key("id");
        out.String(reply_string(servers->element[i]).c_str());
        out.Key("info");
        const std::string info = reply_string(servers->element[i + 1]);
        rapidjson::Document parsed;
        parsed.Parse(info.c_str(), info.size());
        if (parsed.HasParseError() || !parsed.IsObject()) out.Null(); else parsed.Accept(out);
        out.Key("last_seen_ms_ago");
        out.Int64(std::stoll(reply_string(servers->element[i + 2])));
        out.EndObject();
    }
    out.EndArray();
    out.Key("leases");
    out.StartObject();
    for (size_t i = 0; i + 4 < leases->elements; i += 5) {
        out.Key(reply_string(leases->element[i]).c_str());
        out.StartObject();
        out.Key("token");
        out.Uint64(parse_token(reply_string(leases->element[i + 1])));
        out.Key("server");
        out.String(reply_string(leases->element[i + 2]).c_str());
        out.Key("job_id");
        out.String(reply_string(leases->element[i + 3]).c_str());
        out.Key("expires_in_ms");
        out.Int64(std::stoll(reply_string(leases->element[i + 4])));
        out.EndObject();
    }
    out.EndObject();
    out.Key("pending");
    out.StartObject();
    for (size_t i = 0; i + 1 < pending->elements; i += 2) {
        out.Key(reply_string(pending->element[i]).c_str());
        out.Int64(std::stoll(reply_string(pending->element[i + 1])));
    }
    out.EndObject();
    out.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

bool RedisQueue::claim_once(const char* key, int64_t ttl_ms) {
    if (!key || !*key) throw sdk::Error(QBT_E_INVALID, "claim_once: empty key");
    // A claimant unique to this call, so a repeat after a lost reply recognises its claim.
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const std::string claimant = std::to_string(random()) + std::to_string(random());
    return reply_integer(eval(scripts::kClaimOnce, {key, claimant, std::to_string(std::max<int64_t>(1, ttl_ms))})
                             .get()) == 1;
}

}  // namespace qbt::queue_plugin
