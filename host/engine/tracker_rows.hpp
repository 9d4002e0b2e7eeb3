// The tracker rows of a torrent, however they were fetched: per torrent from
// torrents/trackers, or for every torrent at once in torrents/info?includeTrackers=true
// (Web API 2.11.4+, webapi::has_info_trackers). Both carry the same row objects (url, status,
// tier, msg, num_peers, num_seeds, num_leeches, num_downloaded); torrents/trackers also lists
// DHT, PeX and LSD as rows ("** [DHT] **"), which are not trackers and are dropped here.
#pragma once

#include <rapidjson/document.h>

namespace qbt::engine {

bool is_pseudo_tracker(const rapidjson::Value& row);

// The real tracker rows of `rows` (an array) copied into `allocator` at their exact size;
// an empty array when `rows` is not an array.
rapidjson::Value copy_tracker_rows(const rapidjson::Value& rows, rapidjson::MemoryPoolAllocator<>& allocator);

// Removes the pseudo rows of `rows` in place (no copy; for rows kept where they were parsed).
void drop_pseudo_trackers(rapidjson::Value& rows);

}  // namespace qbt::engine
