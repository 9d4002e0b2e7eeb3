#include "arr_config.hpp"

#include <qbt/cpp/error.hpp>

#include <rapidjson/document.h>

#include <array>

namespace qbt::arr {

namespace {

std::array<Connection, 2> g_connections;  // written by plugin_init only, before any compile

[[noreturn]] void fail(const std::string& what) { throw sdk::Error(QBT_E_INVALID, "arr_blocklist: " + what); }

std::string text_member(const rapidjson::Value& section, const char* key, const std::string& where) {
    auto it = section.FindMember(key);
    if (it == section.MemberEnd()) return "";
    if (!it->value.IsString()) fail(where + "." + key + " must be text");
    return it->value.GetString();
}

}  // namespace

const char* service_name(Service service) { return service == Service::Sonarr ? "sonarr" : "radarr"; }

std::optional<Service> parse_service(const std::string& name) {
    if (name == "sonarr") return Service::Sonarr;
    if (name == "radarr") return Service::Radarr;
    return std::nullopt;
}

void set_connections(const std::string& config_json) {
    rapidjson::Document doc;
    if (doc.Parse(config_json.c_str()).HasParseError() || !doc.IsObject()) fail("the plugin config is not a JSON object");
    std::array<Connection, 2> read;
    for (Service service : {Service::Sonarr, Service::Radarr}) {
        const std::string where = std::string("integrations.") + service_name(service);
        auto it = doc.FindMember(service_name(service));
        if (it == doc.MemberEnd()) continue;
        if (!it->value.IsObject()) fail(where + " must be a mapping with url and api_key");
        Connection& c = read[static_cast<size_t>(service)];
        c.url = text_member(it->value, "url", where);
        c.api_key = text_member(it->value, "api_key", where);
        while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
        if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
            fail(where + ".url must be an http:// or https:// URL");
    }
    g_connections = std::move(read);
}

const Connection& connection(Service service) {
    const Connection& c = g_connections[static_cast<size_t>(service)];
    const std::string where = std::string("integrations.") + service_name(service);
    if (c.url.empty()) fail(where + ".url is not set (config.yml, or QBT_RULES_" +
                            (service == Service::Sonarr ? std::string("INTEGRATIONS_SONARR_URL)") : "INTEGRATIONS_RADARR_URL)"));
    if (c.api_key.empty()) fail(where + ".api_key is not set (config.yml, or its env/_FILE form)");
    return c;
}

}  // namespace qbt::arr
