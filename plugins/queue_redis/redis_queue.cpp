#include "redis_queue.hpp"

#include "queue_common/job_document.hpp"
#include "redis_scripts.hpp"

#include <qbt/version.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <qbt/cpp/iso_time.hpp>

#include <chrono>
#include <cstddef>

namespace qbt::queue_plugin {

namespace {

std::string text_of(qbt_string s) { return std::string(view(s)); }

constexpr int32_t kDeferredCheckMs = 250;

std::string score_of(const std::string& iso) {
    auto micros = sdk::unix_micros_from_iso(iso);
    if (!micros) throw sdk::Error(QBT_E_INVALID, "created_at '" + iso + "' is not an ISO 8601 timestamp");
    return std::to_string(*micros);
}

// The job's instance: the 1.1 qbt_job member, else the document's "instance"; "" = default.
std::string instance_of(const qbt_job& job) {
    constexpr size_t kHasInstance = offsetof(qbt_job, instance) + sizeof(qbt_string);
    if (job.struct_size >= kHasInstance && job.instance.size > 0) return text_of(job.instance);
    return JobDocument(view(job.document)).string("instance").value_or("");
}

std::string element(const redisReply* reply, size_t index) {
    if (reply->type != REDIS_REPLY_ARRAY || index >= reply->elements)
        throw sdk::Error(QBT_E_INTERNAL, "redis: unexpected script reply");
    return reply_string(reply->element[index]);
}

}  // namespace

RedisQueue::RedisQueue(RedisUrl url, int timeout_ms) : pool_(std::move(url), timeout_ms) { ping(); }

Reply RedisQueue::eval(const char* script, std::vector<std::string> args) {
    return eval_text(script, std::move(args));
}

Reply RedisQueue::eval_text(std::string script, std::vector<std::string> args) {
    script.insert(0, scripts::kPrelude);
    std::vector<std::string> command = ScriptsBySha::script_command(std::move(args));
    return pool_.run([&](RedisConnection& conn, int) { return scripts_.run(conn, script, command); });
}

void RedisQueue::enqueue(const qbt_job& job) {
    const qbt_job* one = &job;
    enqueue_many(&one, 1);
}

void RedisQueue::enqueue_many(const qbt_job* const* jobs, size_t count) {
    if (count == 0) return;
    static const std::string script = std::string(scripts::kPrelude) + scripts::kEnqueue;
    std::vector<std::string> args = ScriptsBySha::script_command();
    args.reserve(3 + count * scripts::kEnqueueFields);
    for (size_t i = 0; i < count; ++i) {
        const qbt_job& job = *jobs[i];
        const std::string created_at = text_of(job.created_at);
        args.insert(args.end(), {text_of(job.job_id), text_of(job.status), text_of(job.context), text_of(job.hash),
                                 created_at, text_of(job.document), score_of(created_at), instance_of(job)});
    }
    bool stored = pool_.run([&](RedisConnection& conn, int attempt) {
        // A repeat after a lost reply finds the jobs it stored the first time.
        return reply_integer(scripts_.run(conn, script, args).get()) == 1 || attempt > 0;
    });
    if (stored) return;
    if (count == 1)
        throw sdk::Error(QBT_E_INVALID, "a job with id '" + text_of(jobs[0]->job_id) + "' already exists");
    throw sdk::Error(QBT_E_INVALID, "none of the " + std::to_string(count) +
                                        " jobs was stored: one of their ids exists already (or is repeated)");
}

std::optional<std::string> RedisQueue::take(RedisConnection& conn, int32_t timeout_ms) {
    if (timeout_ms <= 0)
        return reply_string(conn.command({"RPOPLPUSH", "qbt_rules:queue:pending", "qbt_rules:queue:processing"}).get());
    conn.set_timeout_ms(timeout_ms + conn.default_timeout_ms());
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", timeout_ms / 1000.0);
    Reply reply = conn.command({"BRPOPLPUSH", "qbt_rules:queue:pending", "qbt_rules:queue:processing", seconds});
    conn.set_timeout_ms(conn.default_timeout_ms());
    return reply_string(reply.get());
}

bool RedisQueue::mark_processing(const std::string& job_id, const qbt_dequeue_request& request,
                                 std::string& document) {
    std::string text = get(job_id).value_or("{}");  // "{}": the script notices it is gone
    JobDocument doc(text);
    doc.mark_started(request.started_at, request.worker_id);
    document = doc.text();
    Reply marked = eval(scripts::kMarkProcessing,
                        {job_id, document, request.started_at ? request.started_at : ""});
    return reply_integer(marked.get()) == 1;
}

std::optional<std::string> RedisQueue::dequeue(const qbt_dequeue_request& request) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(std::max(0, request.timeout_ms));
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
        int32_t wait_ms = request.timeout_ms <= 0 ? 0 : static_cast<int32_t>(std::max<int64_t>(1, left.count()));
        // Not idempotent: if a reply is lost after the server moved the id, the id stays
        // in the processing list and recover_orphans() re-queues it at the next start.
        // Due deferred jobs (ABI 1.3) join the list first; a blocking take wakes at least
        // every kDeferredCheck so one that falls due meanwhile is not left waiting.
        eval(scripts::kPromoteDue, {"default"});
        wait_ms = std::min(wait_ms, kDeferredCheckMs);
        std::optional<std::string> id =
            pool_.run([&](RedisConnection& conn, int) { return take(conn, wait_ms); });
        if (id && !id->empty()) {
            std::string document;
            if (mark_processing(*id, request, document)) return document;
            continue;  // a stale id (job deleted meanwhile): take the next one
        }
        if (request.timeout_ms <= 0 || clock::now() >= deadline) return std::nullopt;
    }
}

void RedisQueue::update(const qbt_job& job) {
    JobDocument doc(view(job.document));
    Reply reply = eval(scripts::kUpdate,
                       {text_of(job.job_id), text_of(job.status), text_of(job.context), text_of(job.hash),
                        text_of(job.document), doc.string("started_at").value_or(""),
                        doc.string("completed_at").value_or(""), doc.json("result").value_or(""),
                        doc.string("error").value_or("")});
    if (reply_integer(reply.get()) == 0)
        throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + text_of(job.job_id) + "'");
}

uint64_t RedisQueue::list(const qbt_job_filter& filter,
                          const std::function<bool(const std::string&)>& sink) {
    // ABI 1.1: the instance filter (ARGV[5], "" = any).
    const char* wanted = QBT_HAS_MEMBER(&filter, qbt_job_filter, instance) ? filter.instance : nullptr;
    Reply reply = eval(scripts::kList, {filter.status ? filter.status : "", filter.context ? filter.context : "",
                                        std::to_string(filter.offset), std::to_string(filter.limit),
                                        wanted ? wanted : ""});
    const auto total = static_cast<uint64_t>(std::stoull(element(reply.get(), 0)));
    for (size_t i = 1; i < reply->elements; ++i)
        if (!sink(reply_string(reply->element[i]))) break;
    return total;
}

std::optional<std::string> RedisQueue::get(const std::string& job_id) {
    Reply reply = eval(scripts::kGet, {job_id});
    if (reply->type == REDIS_REPLY_NIL) return std::nullopt;
    return reply_string(reply.get());
}

std::string RedisQueue::cancel(const std::string& job_id, const char* now_iso) {
    for (int round = 0; round < 10; ++round) {
        auto current = get(job_id);
        if (!current) throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + job_id + "'");
        JobDocument doc(*current);
        doc.mark_cancelled(now_iso);
        std::string next = doc.text();
        Reply reply = eval(scripts::kCancel, {job_id, *current, next, now_iso ? now_iso : ""});
        std::string outcome = element(reply.get(), 0);
        if (outcome == "ok") return next;
        if (outcome == "missing") throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + job_id + "'");
        if (outcome == "state")
            throw sdk::Error(QBT_E_STATE, "job '" + job_id + "' is " + element(reply.get(), 1) +
                                              "; only pending jobs can be cancelled");
    }  // "changed": someone updated the document meanwhile; read it again
    throw sdk::Error(QBT_E_TIMEOUT, "job '" + job_id + "' kept changing while being cancelled");
}

uint64_t RedisQueue::cleanup(const std::string& older_than_iso) {
    return static_cast<uint64_t>(reply_integer(eval(scripts::kCleanup, {score_of(older_than_iso)}).get()));
}

std::string RedisQueue::stats() {
    Reply reply = eval(scripts::kStats, {});
    static const char* const names[] = {"pending", "processing", "completed", "failed", "cancelled",
                                        "pending_list_length"};
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
    out.StartObject();
    for (size_t i = 0; i < 6; ++i) {
        out.Key(names[i]);
        out.Int64(std::stoll(element(reply.get(), i)));
    }
    out.Key("backend");
    out.String("redis");
    out.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<std::string> RedisQueue::orphans() {
    Reply reply = eval(scripts::kOrphans, {});
    std::vector<std::string> docs;
    for (size_t i = 0; i < reply->elements; ++i) docs.push_back(reply_string(reply->element[i]));
    return docs;
}

void RedisQueue::requeue(const qbt_job& job) {
    if (reply_integer(eval(scripts::kRequeue, {text_of(job.job_id), text_of(job.document)}).get()) == 0)
        throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + text_of(job.job_id) + "'");
}

void RedisQueue::defer(const qbt_job& job, const char* not_before_iso, const qbt_lease* lease) {
    auto micros = not_before_iso ? sdk::unix_micros_from_iso(not_before_iso) : std::nullopt;
    if (!micros) throw sdk::Error(QBT_E_INVALID, "defer: not_before is not an ISO 8601 timestamp");
    const std::string id = text_of(job.job_id);
    Reply reply = eval(scripts::kDefer, {id, text_of(job.document),
                                         JobDocument(view(job.document)).string("started_at").value_or(""),
                                         std::to_string(*micros), lease ? std::to_string(lease->token) : ""});
    const std::string outcome = element(reply.get(), 0);
    if (outcome == "missing") throw sdk::Error(QBT_E_NOT_FOUND, "no job with id '" + id + "'");
    if (outcome == "state")
        throw sdk::Error(QBT_E_STATE, "job '" + id + "' is " + element(reply.get(), 1) +
                                          (lease ? " or no longer under this lease" : "") +
                                          "; only a processing job can be deferred");
}

void RedisQueue::ping() {
    pool_.run([&](RedisConnection& conn, int) { return reply_string(conn.command({"PING"}).get()); });
}

}  // namespace qbt::queue_plugin
