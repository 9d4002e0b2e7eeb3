// --webhook-line: the exact commands to paste into qBittorrent's "Run external program"
// settings for this server's URL and key.
#include "cli/modes.hpp"
#include "webapi/web_api.hpp"

#include <iostream>

namespace qbt::cli {

int webhook_line(const config::Config& cfg) {
    std::string key = cfg.server.trigger_key;
    const bool trigger = !key.empty();
    if (!trigger) key = !cfg.client.api_key.empty() ? cfg.client.api_key : cfg.server.api_key;
    if (key.empty()) {
        std::cerr << "no key configured: set server.trigger_key (recommended) or server.api_key first\n";
        return 2;
    }
    std::string url = cfg.client.server_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    // With several qBittorrent instances each one gets its own lines (instance=NAME), so
    // its hook queues jobs for itself; the single form needs no instance parameter.
    const bool several = cfg.instance_names() != std::vector<std::string>{config::kDefaultInstance};
    auto line = [&](const char* context, const std::string& instance) {
        return "/usr/bin/curl -s -X POST \"" + url + "/api/execute?context=" + context + "&hash=%K" +
               (several ? "&instance=" + webapi::url_encode(instance) : "") + "&key=" + webapi::url_encode(key) +
               "\"";
    };
    for (const auto& instance : cfg.instances) {
        if (several) std::cout << "== qBittorrent instance '" << instance.name << "' (" << instance.connection.host << ")\n";
        std::cout << "qBittorrent > Tools > Options > Downloads > Run external program\n\n"
                  << "Run on torrent added:\n  " << line("torrent-imported", instance.name) << "\n\n"
                  << "Run on torrent finished:\n  " << line("download-finished", instance.name) << "\n\n";
    }
    std::cout << "%K is the torrent ID qBittorrent's API knows (%I is wrong for hybrid v1+v2 torrents).\n";
    if (!trigger)
        std::cout << "Warning: this uses the full API key, and qBittorrent writes the command line into its log.\n"
                     "Set server.trigger_key: it can only queue jobs.\n";
    return 0;
}

}  // namespace qbt::cli
