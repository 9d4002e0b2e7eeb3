// Where each service is: the plugin's config section, which the host builds from
// config.yml `integrations.<sonarr|radarr>.{url, api_key}` (host/config/plugin_sections.cpp).
#pragma once

#include <optional>
#include <string>

namespace qbt::arr {

enum class Service { Sonarr, Radarr };

struct Connection {
    std::string url;      // http(s)://host:port[/base], no trailing '/'
    std::string api_key;  // secret: sent in X-Api-Key, never logged
};

const char* service_name(Service service);
std::optional<Service> parse_service(const std::string& name);

// Reads the config JSON once, at plugin_init; throws sdk::Error naming the bad key.
void set_connections(const std::string& config_json);
// The configured connection; throws sdk::Error(QBT_E_INVALID) naming the missing key.
const Connection& connection(Service service);

}  // namespace qbt::arr
