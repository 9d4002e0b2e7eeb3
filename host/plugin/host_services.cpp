#include "plugin/host_services.hpp"

#include "log/logging.hpp"

#include <qbt/version.h>

#include "qbt_build_config.h"

#include <exception>

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

webapi::WebApi* api_of(qbt_client* client) {
    return client ? reinterpret_cast<ClientHandle*>(client)->api : nullptr;
}

int host_qbt_request(const qbt_host*, qbt_client* client, const qbt_api_request* request,
                     qbt_write_fn write, void* writer_ctx, int32_t* http_status, qbt_error* err) {
    webapi::WebApi* api = api_of(client);
    if (!api) return qbt_error_set(err, QBT_E_INVALID, "no qBittorrent client in this call");
    if (!request || !request->endpoint || !request->method)
        return qbt_error_set(err, QBT_E_INVALID, "request needs a method and an endpoint");
    try {
        webapi::Request req;
        req.method = request->method;
        req.endpoint = request->endpoint;
        if (request->query) req.query = request->query;
        if (request->form) req.form = request->form;
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
}

}  // namespace qbt::plugin
