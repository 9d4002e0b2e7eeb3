// Endpoint names that changed between Web API versions.
#pragma once

#include <string>

#include "webapi/web_api.hpp"

namespace qbt::webapi {

// Web API 2.11.0 (qBittorrent 5.0) renamed torrents/pause -> torrents/stop and
// torrents/resume -> torrents/start; the old names 404 there, the new ones 404 before.
bool uses_stop_start(const ApiVersion& version);
std::string pause_endpoint(const ApiVersion& version);   // "torrents/pause" | "torrents/stop"
std::string resume_endpoint(const ApiVersion& version);  // "torrents/resume" | "torrents/start"

}  // namespace qbt::webapi
