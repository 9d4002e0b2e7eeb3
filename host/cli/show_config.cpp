// --show-config: the resolved configuration (config::describe, secrets hidden), then what
// each qBittorrent instance says it is, asked now with short timeouts (the version decides
// endpoint names and what one call can carry, so it belongs next to the settings).
#include "cli/modes.hpp"
#include "config/config_loader.hpp"
#include "webapi/curl_web_api.hpp"

#include <algorithm>
#include <iostream>

namespace qbt::cli {

int show_config(const config::Config& config) {
    std::cout << config::describe(config);
    for (const config::QbittorrentInstance& instance : config.instances) {
        config::QbittorrentConfig quick = instance.connection;
        quick.connect_timeout_seconds = std::min(quick.connect_timeout_seconds, 3.0);
        quick.timeout_seconds = std::min(quick.timeout_seconds, 5.0);
        webapi::CurlWebApi api(quick);
        std::cout << "qbittorrent[" << instance.name << "] version = ";
        try {
            const webapi::ApiVersion webapi = api.api_version();
            const auto known = api.known_version();
            std::cout << (known && !known->qbittorrent.empty() ? known->qbittorrent : "(unknown)") << ", Web API "
                      << webapi.text();
        } catch (const webapi::WebApiError& e) {
            std::cout << "unknown (" << e.what() << ")";
        }
        std::cout << "  [asked " << api.host() << " now]\n";
    }
    return 0;
}

}  // namespace qbt::cli
