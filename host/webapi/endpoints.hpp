// Endpoint names and parameters that changed between Web API versions (checked in
// qBittorrent's src/webui/webapplication.h API_VERSION history and WebAPI_Changelog.md).
#pragma once

#include <string>

#include "webapi/web_api.hpp"

namespace qbt::webapi {

// Web API 2.11.0 (qBittorrent 5.0) renamed torrents/pause -> torrents/stop and
// torrents/resume -> torrents/start; the old names 404 there, the new ones 404 before.
bool uses_stop_start(const ApiVersion& version);
std::string pause_endpoint(const ApiVersion& version);   // "torrents/pause" | "torrents/stop"
std::string resume_endpoint(const ApiVersion& version);  // "torrents/resume" | "torrents/start"

// torrents/info?includeTrackers=true answers each torrent with its `trackers` rows (the rows
// of torrents/trackers without the DHT/PeX/LSD ones) in the same call. Added by PR #22128,
// first released in qBittorrent 5.1.0 (Web API 2.11.4; 5.1.0beta1 at 2.11.3 lacks it).
// Older servers ignore the parameter, so it is sent only from 2.11.4.
bool has_info_trackers(const ApiVersion& version);

}  // namespace qbt::webapi
