// Issue 19, rules that wait for metadata: whether a torrent has its metadata yet (a magnet
// link fetching it has none: no file list, sizes -1) and which rules read a field that
// needs it. The engine asks before any rule runs, so a job either waits having done
// nothing, or runs; never half.
#pragma once

#include "engine/torrent_store.hpp"
#include "rules/rule_model.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

// qBittorrent 5.x (Web API 2.9.3+) says it: `has_metadata`. 4.5.2 has no such member; a
// magnet there is `metaDL` (or `forcedMetaDL`) while running and keeps `total_size` -1
// until the metadata arrives, also when paused (measured on 4.5.2 and 5.1.0: both answer
// total_size -1, content_path "", an empty torrents/files list; 5.1.0 shows a stopped one
// as `stoppedDL` with has_metadata false).
bool has_metadata(const TorrentRecord& torrent);

// Whether a field needs the torrent's metadata to have a value: files.*, webseeds.*,
// info.cross_seeds/hardlinks (both read the file list), and the metadata-derived sizes,
// paths and properties (info.size, info.total_size, info.content_path, info.root_path,
// properties.total_size, piece_size, pieces_num, is_private, comment, created_by,
// creation_date).
bool needs_metadata(const rules::FieldPath& field);

// Whether any condition of `rule` reads such a field.
bool rule_needs_metadata(const rules::Rule& rule);

// The result's `metadata` member for a job that ran without waiting: {"missing": true,
// "hash", "note", "rules_not_run": [...]}.
std::string metadata_note_json(const std::string& hash, const std::string& note,
                               const std::vector<std::string>& rules_not_run);

}  // namespace qbt::engine
