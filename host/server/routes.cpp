#include "server/routes.hpp"

#include "server/access_log.hpp"
#include "server/auth.hpp"

#include "metrics/job_metrics.hpp"

#include <pistache/http.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>

namespace qbt::server {
namespace {

namespace Http = Pistache::Http;
namespace Rest = Pistache::Rest;

// MetricsKey: the API key, unless metrics.public is set.
enum class Needs { Nothing, ApiKey, ApiOrTriggerKey, MetricsKey };

using HandlerFn = Reply (*)(ApiContext&, const ApiRequest&);

struct Endpoint {
    Http::Method method;
    const char* path;
    HandlerFn handler;
    Needs needs;
    bool logged_by_default = true;
};

const Endpoint kEndpoints[] = {
    {Http::Method::Post, "/api/execute", handle_execute, Needs::ApiOrTriggerKey},
    {Http::Method::Get, "/api/jobs", handle_list_jobs, Needs::ApiKey},
    {Http::Method::Get, "/api/jobs/:id", handle_get_job, Needs::ApiKey},
    {Http::Method::Delete, "/api/jobs/:id", handle_cancel_job, Needs::ApiKey},
    {Http::Method::Get, "/api/jobs/:id/actions", handle_job_actions, Needs::ApiKey},
    {Http::Method::Post, "/api/preview", handle_preview, Needs::ApiKey},
    {Http::Method::Get, "/api/health", handle_health, Needs::Nothing, false},
    {Http::Method::Get, "/api/stats", handle_stats, Needs::ApiKey},
    {Http::Method::Get, "/api/version", handle_version, Needs::Nothing},
    {Http::Method::Get, "/metrics", handle_metrics, Needs::MetricsKey},
    {Http::Method::Get, "/api/rules", handle_rules, Needs::ApiKey},
    {Http::Method::Get, "/api/stats/actions", handle_actions_summary, Needs::ApiKey},
    {Http::Method::Get, "/api/recycle-bin", handle_recycle_bin, Needs::ApiKey},
    {Http::Method::Post, "/api/recycle-bin/:hash/restore", handle_restore, Needs::ApiKey},
    // The dashboard's static files need no key (they hold no data).
    {Http::Method::Get, "/", handle_dashboard, Needs::Nothing},
    {Http::Method::Get, "/assets/:file", handle_dashboard, Needs::Nothing},
};

const Http::Method kAllMethods[] = {Http::Method::Get,    Http::Method::Post,
                                    Http::Method::Put,    Http::Method::Patch,
                                    Http::Method::Delete, Http::Method::Options,
                                    Http::Method::Head};

// A response header with a literal value (Pistache writes only typed headers).
class TextHeader : public Http::Header::Header {
public:
    TextHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
    uint64_t hash() const override { return 0; }
#endif

private:
    std::string name_;
    std::string value_;
};

std::string media_type(const Http::Request& request) {
    const auto header = request.headers().tryGet<Http::Header::ContentType>();
    if (!header) return "";
    std::string text = header->mime().toString();
    text = text.substr(0, text.find(';'));
    text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
               text.end());
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

ApiRequest to_api_request(const Rest::Request& request) {
    ApiRequest api;
    api.method = Http::methodString(request.method());
    api.path = request.resource();
    api.query = decode_query(request.query());
    api.body = request.body();
    api.content_type = media_type(request);
    if (request.hasParam(":id")) {
        const std::string raw = request.param(":id").as<std::string>();
        api.job_id = percent_decode(raw, false).value_or(raw);
    }
    if (request.hasParam(":hash")) {
        const std::string raw = request.param(":hash").as<std::string>();
        api.path_hash = percent_decode(raw, false).value_or(raw);
    }
    if (auto raw = request.headers().tryGetRaw("If-None-Match")) api.if_none_match = raw->value();
    return api;
}

std::optional<Reply> refuse_access(const ApiContext& api, const Rest::Request& request,
                                   const ApiRequest& decoded, Needs needs) {
    if (needs == Needs::Nothing) return std::nullopt;
    if (needs == Needs::MetricsKey && api.deps.config.metrics.public_access) return std::nullopt;
    std::optional<std::string> header;
    if (auto raw = request.headers().tryGetRaw("X-API-Key")) header = raw->value();
    // Prometheus sends credentials as "Authorization: Bearer <key>".
    if (auto raw = request.headers().tryGetRaw("Authorization"); !header && raw && needs == Needs::MetricsKey &&
                                                                  raw->value().rfind("Bearer ", 0) == 0)
        header = raw->value().substr(7);
    const auto& server = api.deps.config.server;
    switch (check_access(presented_key(header, decoded.query), server.api_key, server.trigger_key)) {
    case Access::Full:
        return std::nullopt;
    case Access::TriggerOnly:
        if (needs == Needs::ApiOrTriggerKey) return std::nullopt;
        return error_reply(403, "forbidden",
                           "the trigger key may only queue jobs (POST /api/execute); use the API key "
                           "(server.api_key) for " + decoded.method + " " + decoded.path);
    case Access::Missing:
        return error_reply(401, "unauthorized",
                           "missing API key: send it in the X-API-Key header or the key= query parameter");
    case Access::Denied:
        break;
    }
    return error_reply(401, "unauthorized", "invalid API key");
}

Reply run_endpoint(ApiContext& api, const Rest::Request& request, HandlerFn handler, Needs needs) {
    try {
        const ApiRequest decoded = to_api_request(request);
        if (auto refusal = refuse_access(api, request, decoded, needs)) return *refusal;
        return handler(api, decoded);
    } catch (const ParamError& e) {
        return error_reply(e.code() == "unsupported_media_type" ? 415 : 400, e.code(), e.what());
    } catch (const queue::QueueError& e) {
        spdlog::error("{} {}: queue error: {}", Http::methodString(request.method()), request.resource(), e.what());
        return error_reply(500, "queue_error", std::string("the job queue failed: ") + e.what());
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", Http::methodString(request.method()), request.resource(), e.what());
        return error_reply(500, "internal_error", e.what());
    }
}

// Pistache 0.0.5 answers "Connection: Close" and closes the connection when a request has
// no Connection header, but HTTP/1.1 connections are persistent by default (RFC 9112 9.3):
// without this every request from a keep-alive client (wrk, curl, libcurl) costs a new
// TCP connection (measured: about a third of the server's CPU time per request).
void keep_http11_alive(const Rest::Request& request, Http::ResponseWriter& response) {
    if (request.version() != Http::Version::Http11) return;
    if (request.headers().tryGet<Http::Header::Connection>()) return;
    response.headers().remove<Http::Header::Connection>();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
}

void write_reply(Http::ResponseWriter& response, const Reply& reply) {
    const bool typed = std::any_of(reply.headers.begin(), reply.headers.end(),
                                   [](const auto& header) { return header.first == "Content-Type"; });
    if (!typed) response.headers().add<Http::Header::ContentType>(MIME(Application, Json));
    for (const auto& [name, value] : reply.headers) response.headers().add(std::make_shared<TextHeader>(name, value));
    response.send(static_cast<Http::Code>(reply.code), reply.body);
}

AccessRecord access_record(const Rest::Request& request) {
    AccessRecord record;
    record.client = request.address().host();
    record.method = Http::methodString(request.method());
    record.path = request.resource();
    for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
        record.raw_query.emplace_back(it->first, it->second);
    }
    return record;
}

void log_reply(AccessRecord& record, const Reply& reply, std::chrono::steady_clock::time_point started) {
    record.code = reply.code;
    record.response_bytes = reply.body.size();
    record.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    log_access(record);
}

void send(const Rest::Request& request, Http::ResponseWriter& response, const Reply& reply,
          bool log, std::chrono::steady_clock::time_point started) {
    keep_http11_alive(request, response);
    write_reply(response, reply);
    if (!log) return;
    AccessRecord record = access_record(request);
    log_reply(record, reply, started);
}

// A handler's deferred reply (POST /api/execute): everything the answer needs from the
// request is taken now, and the ResponseWriter moves into the function the handler calls
// later, from another thread. Pistache 0.0.5 queues the bytes to the connection's reactor
// (a thread-safe queue), so sending from any thread is allowed; a client gone by then is
// skipped (its peer has expired), and holding the peer keeps it alive while we write.
void answer_later(ApiContext& api, const char* path, Http::Method method, const Rest::Request& request,
                  Http::ResponseWriter response, const Reply& deferred, bool log,
                  std::chrono::steady_clock::time_point started) {
    keep_http11_alive(request, response);
    std::optional<AccessRecord> record;
    if (log) record = access_record(request);
    auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
    deferred.deferred([&api, path, method, writer, record, started](Reply reply) mutable {
        if (api.metrics) api.metrics->record_http(path, Http::methodString(method), reply.code);
        if (const auto peer = writer->getPeer()) write_reply(*writer, reply);
        if (record) log_reply(*record, reply, started);
    });
}

std::string allowed_methods(const std::string& path) {
    std::string allowed;
    for (const Endpoint& e : kEndpoints) {
        if (path != e.path) continue;
        if (!allowed.empty()) allowed += ", ";
        allowed += Http::methodString(e.method);
    }
    return allowed;
}

}  // namespace

void install_routes(Rest::Router& router, ApiContext& api) {
    const bool access_log = api.deps.config.logging.http_access;
    for (const Endpoint& e : kEndpoints) {
        const bool log = access_log && e.logged_by_default;
        router.addRoute(e.method, e.path,
                        [&api, e, log](const Rest::Request& request, Http::ResponseWriter response) {
                            const auto started = std::chrono::steady_clock::now();
                            const Reply reply = run_endpoint(api, request, e.handler, e.needs);
                            if (reply.deferred) {
                                answer_later(api, e.path, e.method, request, std::move(response), reply, log,
                                             started);
                                return Pistache::Rest::Route::Result::Ok;
                            }
                            if (api.metrics) api.metrics->record_http(e.path, Http::methodString(e.method), reply.code);
                            send(request, response, reply, log, started);
                            return Pistache::Rest::Route::Result::Ok;
                        });
    }
    // Every other method on a known path answers a JSON 405 (Pistache's own is plain text).
    std::vector<std::string> paths;
    for (const Endpoint& e : kEndpoints) {
        if (std::find(paths.begin(), paths.end(), e.path) == paths.end()) paths.emplace_back(e.path);
    }
    for (const std::string& path : paths) {
        const std::string allowed = allowed_methods(path);
        for (const Http::Method method : kAllMethods) {
            const bool served = std::any_of(std::begin(kEndpoints), std::end(kEndpoints), [&](const Endpoint& e) {
                return e.method == method && path == e.path;
            });
            if (served) continue;
            router.addRoute(method, path, [&api, path, allowed, access_log](const Rest::Request& request,
                                                                            Http::ResponseWriter response) {
                Reply reply = error_reply(405, "method_not_allowed",
                                          std::string(Http::methodString(request.method())) + " is not allowed on " +
                                              request.resource() + "; allowed: " + allowed);
                reply.headers.emplace_back("Allow", allowed);
                if (api.metrics) api.metrics->record_http(path, Http::methodString(request.method()), reply.code);
                send(request, response, reply, access_log, std::chrono::steady_clock::now());
                return Pistache::Rest::Route::Result::Ok;
            });
        }
    }
    Rest::Routes::NotFound(router, [&api, access_log](const Rest::Request& request, Http::ResponseWriter response) {
        const Reply reply = error_reply(
            404, "not_found",
            "no API endpoint " + std::string(Http::methodString(request.method())) + " " +
                quote_input(request.resource()) +
                "; endpoints: POST /api/execute, GET /api/jobs, GET|DELETE /api/jobs/<id>, "
                "GET /api/jobs/<id>/actions, POST /api/preview, GET /api/health, GET /api/stats, "
                "GET /api/stats/actions, GET /api/rules, GET /api/version, GET /metrics; the dashboard is at /");
        if (api.metrics) api.metrics->record_http("unmatched", Http::methodString(request.method()), reply.code);
        send(request, response, reply, access_log, std::chrono::steady_clock::now());
        return Pistache::Rest::Route::Result::Ok;
    });
}

}  // namespace qbt::server
