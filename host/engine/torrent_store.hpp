// The job's torrents: one torrents/info answer held in a RapidJSON document, plus the
// views the engine needs (tags as a list, a qbt_value for actions, alive/removed, and the
// tracker rows when the answer carried them: torrents/info?includeTrackers=true).
//
// Memory (bench/mem_probe, 10,000 torrents): the document is ~2x the body (~23 MB with
// the records); a copying parse is kept because an in-situ one costs more (the DOM plus
// the whole body it points into: +26.4 MB against +19.7 MB), and every field is kept
// because actions and user plugins receive the whole info object.
#pragma once

#include "engine/borrowed_value.hpp"

#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qbt::engine {

struct TorrentRecord {
    rapidjson::Value* info = nullptr;  // object inside the store's document
    std::string hash;                  // API hash as qBittorrent sent it
    std::string name;
    std::vector<std::string> tags;     // "a, b" split, refreshed when tags change
    bool alive = true;                 // false once deleted in this job
    std::unique_ptr<BorrowedValue> abi_info;  // built on demand for actions, dropped on merge
    // The real tracker rows when torrents/info carried them (includeTrackers), else null.
    // Taken out of `info`, so actions and plugins see the same info on every version.
    rapidjson::Value trackers;
};

class TorrentStore {
public:
    // Parse a torrents/info body (a JSON array of objects). Throws std::runtime_error
    // naming the problem when it is not one. A torrent's `trackers` member (includeTrackers)
    // moves to TorrentRecord::trackers.
    void load(std::string_view body);

    size_t size() const { return records_.size(); }
    TorrentRecord& at(size_t i) { return records_[i]; }
    const TorrentRecord& at(size_t i) const { return records_[i]; }
    std::optional<size_t> find(std::string_view hash) const;

    // Merge the members of `fields` (an object) into torrent i's info; "tags" refreshes
    // the tag list. Invalidates the qbt_value view.
    void merge(size_t i, const rapidjson::Value& fields);

    // The torrent's info as a qbt_value for plugins (cached until the next merge; its
    // strings point into the document).
    const qbt_value* abi_info(size_t i);

    rapidjson::Document::AllocatorType& allocator() { return doc_.GetAllocator(); }

private:
    void index(size_t i);

    rapidjson::Document doc_;
    std::vector<TorrentRecord> records_;
    std::unordered_map<std::string, size_t> by_hash_;  // lower-case hash -> index
};

// "a, b" -> {"a", "b"} (empty pieces dropped).
std::vector<std::string> split_tags(std::string_view text);
std::string lower(std::string_view text);

}  // namespace qbt::engine
