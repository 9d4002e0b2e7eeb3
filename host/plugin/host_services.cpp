#include "plugin/host_services.hpp"

#include "log/logging.hpp"
#include "plugin/guarded_route.hpp"

#include <qbt/action.h>

#include <qbt/version.h>

#include "qbt_build_config.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <string_view>
#include <vector>

namespace qbt::plugin {

namespace {

const HostServices& self(const qbt_host* host) { return *static_cast<const HostServices*>(host->host_data); }

void host_log(const qbt_host* host, qbt_log_level level, const char* message) {
    auto logger = log::plugin_logger();
    const auto& id = self(host).plugin_id();
    const char* text = message ? message : "";
    switch (level) {
        case QBT_LOG_TRACE: logger->trace("{}: {}", id, text); break;
        case QBT_LOG_DEBUG: logger->debug("{}: {}", id, text); break;
        case QBT_LOG_INFO: logger->info("{}: {}", id, text); break;
        case QBT_LOG_WARN: logger->warn("{}: {}", id, text); break;
        default: logger->error("{}: {}", id, text); break;
    }
}

int host_get_config(const qbt_host* host, qbt_write_fn write, void* writer_ctx) {
    const auto& json = self(host).config_json();
    return write(writer_ctx, json.data(), json.size()) == 0 ? QBT_OK : QBT_E_IO;
}

ClientHandle* handle_of(qbt_client* client) { return reinterpret_cast<ClientHandle*>(client); }

webapi::WebApi* api_of(qbt_client* client) {
    return client ? handle_of(client)->api : nullptr;
}

// A raw torrents/delete (deleteFiles=true) or torrents/setLocation, done by the guard:
// HTTP 200 when every torrent was done, else 409 with one line per torrent left alone.
int route_through_guard(ClientHandle& handle, const GuardedRoute& route, qbt_write_fn write, void* writer_ctx,
                        int32_t* http_status, qbt_error* err) {
    const bool remove = route.kind == GuardedRoute::Kind::Remove;
    if (handle.guard == nullptr)
        return qbt_error_set(err, QBT_E_UNSUPPORTED, "%s is not allowed here: this call has no file guard",
                             remove ? "torrents/delete with deleteFiles=true" : "torrents/setLocation");
    if (remove && std::find(route.hashes.begin(), route.hashes.end(), "all") != route.hashes.end())
        return qbt_error_set(err, QBT_E_INVALID,
                             "torrents/delete with hashes=all and deleteFiles=true is refused: name the torrents");
    std::vector<GuardResult> results =
        remove ? handle.guard->remove(route.hashes, RemoveOptions{true, false, true})
               : handle.guard->move(route.hashes, std::vector<std::string>(route.hashes.size(), route.location));
    std::string refused;
    for (size_t i = 0; i < results.size(); ++i)
        if (results[i].code != QBT_OK) refused += route.hashes[i] + ": " + results[i].reason + "\n";
    if (http_status) *http_status = refused.empty() ? 200 : 409;
    if (write && !refused.empty() && write(writer_ctx, refused.data(), refused.size()) != 0)
        return qbt_error_set(err, QBT_E_IO, "the plugin's writer refused the response body");
    return QBT_OK;
}

// A raw torrents/delete keeping the files: the protected torrents stay (HTTP 409 with one
// line each), the others are removed by one call naming only them.
int unlist_unprotected(webapi::WebApi& api, ClientHandle& handle, const GuardedRoute& route, const webapi::Request& asked,
                       qbt_write_fn write, void* writer_ctx, int32_t* http_status, qbt_error* err) {
    std::string refused;
    std::string rest;
    for (const std::string& hash : route.hashes) {
        std::string why = handle.guard ? handle.guard->protection(hash) : std::string();
        if (!why.empty()) refused += hash + ": protected: " + why + "\n";
        else if (std::all_of(hash.begin(), hash.end(), [](unsigned char c) { return std::isalnum(c); }))
            rest += (rest.empty() ? "" : "%7C") + hash;
    }
    webapi::Request req = asked;
    if (!refused.empty()) req = {"POST", "torrents/delete", "", "hashes=" + rest + "&deleteFiles=false"};
    webapi::Response response{200, ""};
    if (refused.empty() || !rest.empty()) response = api.request(req);
    if (http_status) *http_status = refused.empty() ? static_cast<int32_t>(response.status) : 409;
    const std::string& body = refused.empty() ? response.body : refused;
    if (write && !body.empty() && write(writer_ctx, body.data(), body.size()) != 0)
        return qbt_error_set(err, QBT_E_IO, "the plugin's writer refused the response body");
    return QBT_OK;
}

int host_qbt_request(const qbt_host*, qbt_client* client, const qbt_api_request* request,
                     qbt_write_fn write, void* writer_ctx, int32_t* http_status, qbt_error* err) {
    webapi::WebApi* api = api_of(client);
    if (!api) return qbt_error_set(err, QBT_E_INVALID, "no qBittorrent client in this call");
    if (!request || !request->endpoint || !request->method)
        return qbt_error_set(err, QBT_E_INVALID, "request needs a method and an endpoint");
    ClientHandle& handle = *handle_of(client);
    if (handle.dry_run && std::string_view(request->method) != "GET")
        return qbt_error_set(err, QBT_E_STATE, "dry run: %s %s refused (a dry run changes nothing)", request->method,
                             request->endpoint);
    try {
        webapi::Request req;
        req.method = request->method;
        req.endpoint = request->endpoint;
        if (request->query) req.query = request->query;
        if (request->form) req.form = request->form;
        if (auto route = guarded_route(request->method, request->endpoint, request->query ? request->query : "",
                                       request->form ? request->form : "")) {
            if (route->kind == GuardedRoute::Kind::Unlist)
                return unlist_unprotected(*api, handle, *route, req, write, writer_ctx, http_status, err);
            return route_through_guard(handle, *route, write, writer_ctx, http_status, err);
        }
        webapi::Response response = api->request(req);
        if (http_status) *http_status = static_cast<int32_t>(response.status);
        if (write && !response.body.empty() && write(writer_ctx, response.body.data(), response.body.size()) != 0)
            return qbt_error_set(err, QBT_E_IO, "the plugin's writer refused the response body");
        return QBT_OK;
    } catch (const webapi::WebApiError& e) {
        const int code = e.kind() == webapi::WebApiError::Kind::Timeout ? QBT_E_TIMEOUT : QBT_E_UNAVAILABLE;
        return qbt_error_set(err, code, "%s", e.what());
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_INTERNAL, "%s", e.what());
    }
}

std::vector<std::string> hashes_of(const qbt_string* hashes, size_t count) {
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.emplace_back(hashes[i].data ? hashes[i].data : "", hashes[i].size);
    return out;
}

// The guard of the execute() call `call` belongs to; nullptr (err filled) when there is none.
FileGuard* guard_of(const qbt_action_call* call, qbt_error* err) {
    if (!call || !call->client) {
        qbt_error_set(err, QBT_E_INVALID, "no execute() call given");
        return nullptr;
    }
    FileGuard* guard = handle_of(call->client)->guard;
    if (!guard) qbt_error_set(err, QBT_E_UNSUPPORTED, "this call has no file guard (removals and moves are refused)");
    return guard;
}

int fill_results(const std::vector<GuardResult>& outcomes, int32_t* results, size_t count, qbt_error* err) {
    if (outcomes.size() != count) return qbt_error_set(err, QBT_E_INTERNAL, "the guard answered %zu of %zu torrents",
                                                       outcomes.size(), count);
    for (size_t i = 0; i < count; ++i) results[i] = outcomes[i].code;
    return QBT_OK;
}

int host_remove_torrents(const qbt_host*, const qbt_action_call* call, const qbt_remove_request* request,
                         int32_t* results, qbt_error* err) {
    if (!request || !QBT_HAS_MEMBER(request, qbt_remove_request, recycle) || (request->count > 0 && (!request->hashes || !results)))
        return qbt_error_set(err, QBT_E_INVALID, "remove_torrents needs a whole qbt_remove_request and a results array");
    FileGuard* guard = guard_of(call, err);
    if (!guard) return err ? err->code : QBT_E_UNSUPPORTED;
    try {
        const RemoveOptions options{request->delete_files != 0, request->include_cross_seeds != 0,
                                    request->recycle != QBT_RECYCLE_NEVER};
        return fill_results(guard->remove(hashes_of(request->hashes, request->count), options), results,
                            request->count, err);
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_INTERNAL, "%s", e.what());
    }
}

int host_move_torrents(const qbt_host*, const qbt_action_call* call, const qbt_move_request* request,
                       int32_t* results, qbt_error* err) {
    if (!request || !QBT_HAS_MEMBER(request, qbt_move_request, locations) || (request->count > 0 && (!request->hashes || !results)))
        return qbt_error_set(err, QBT_E_INVALID, "move_torrents needs a whole qbt_move_request and a results array");
    if (!request->location && !request->locations)
        return qbt_error_set(err, QBT_E_INVALID, "move_torrents needs a location or one location per torrent");
    FileGuard* guard = guard_of(call, err);
    if (!guard) return err ? err->code : QBT_E_UNSUPPORTED;
    try {
        std::vector<std::string> locations;
        for (size_t i = 0; i < request->count; ++i) {
            const char* location = request->locations ? request->locations[i] : request->location;
            if (!location) return qbt_error_set(err, QBT_E_INVALID, "move_torrents: no location for torrent %zu", i);
            locations.emplace_back(location);
        }
        return fill_results(guard->move(hashes_of(request->hashes, request->count), locations), results,
                            request->count, err);
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_INTERNAL, "%s", e.what());
    }
}

int host_audit_note(const qbt_host*, const qbt_action_call* call, const qbt_string* hash, const char* text,
                    qbt_error* err) {
    if (!call || !call->client) return qbt_error_set(err, QBT_E_INVALID, "audit_note: no execute() call given");
    if (!text) return qbt_error_set(err, QBT_E_INVALID, "audit_note: no text given");
    AuditNotes* notes = handle_of(call->client)->notes;
    if (!notes) return qbt_error_set(err, QBT_E_STATE, "audit_note: this call keeps no audit");
    try {
        const std::string which = hash ? std::string(hash->data ? hash->data : "", hash->size) : std::string();
        std::string why;
        const int r = notes->add(hash ? &which : nullptr, text, why);
        return r < 0 ? qbt_error_set(err, r, "%s", why.c_str()) : r;
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_INTERNAL, "%s", e.what());
    }
}

int host_api_version(const qbt_host*, qbt_client* client, qbt_api_version* version, qbt_error* err) {
    webapi::WebApi* api = api_of(client);
    if (!api || !version) return qbt_error_set(err, QBT_E_INVALID, "no qBittorrent client in this call");
    try {
        const auto v = api->api_version();
        *version = qbt_api_version{v.major, v.minor, v.patch};
        return QBT_OK;
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_UNAVAILABLE, "%s", e.what());
    }
}

}  // namespace

HostServices::HostServices(std::string plugin_id, std::string config_json)
    : plugin_id_(std::move(plugin_id)), config_json_(config_json.empty() ? "{}" : std::move(config_json)) {
    table_.struct_size = sizeof(qbt_host);
    table_.abi_major = QBT_ABI_MAJOR;
    table_.abi_minor = QBT_ABI_MINOR;
    table_.host_version = QBT_RULES_VERSION;
    table_.log = &host_log;
    table_.get_config = &host_get_config;
    table_.qbt_request = &host_qbt_request;
    table_.qbt_api_version = &host_api_version;
    table_.host_data = this;
    table_.remove_torrents = &host_remove_torrents;
    table_.move_torrents = &host_move_torrents;
    table_.audit_note = &host_audit_note;
}

}  // namespace qbt::plugin
