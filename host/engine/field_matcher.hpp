// Evaluates one condition for one torrent with the data at hand: resolves the field,
// applies the collection and missing-data rules of rules-syntax.md (info.state's two names
// for a stopped torrent count like a collection), and calls the operator plugin. Never does I/O: a field in a space not fetched yet answers Unknown
// with that space in `need`.
#pragma once

#include "engine/data_cache.hpp"
#include "engine/data_space.hpp"
#include "engine/job_stats.hpp"
#include "engine/tracker_status.hpp"
#include "rules/rule_model.hpp"
#include "engine/torrent_store.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace qbt::engine {

// Unknown with need == 0 is "undecidable": the data will never arrive (fetch failed, or
// files of a torrent without metadata). The rule then does not match that torrent.
enum class Truth : uint8_t { False, True, Unknown };

struct Outcome {
    Truth truth = Truth::False;
    SpaceMask need = 0;
};

class FieldMatcher {
public:
    // `unknown` (optional) collects the fields that could not be computed, per torrent.
    FieldMatcher(const TorrentStore& torrents, const DataCache& cache, int64_t now, UnknownValues* unknown = nullptr);

    Outcome evaluate(const rules::Condition& condition, Space space, size_t torrent);
    // Where trackers.unregistered / trackers.down come from (default: the built-in list).
    void set_tracker_status(const TrackerStatus* status) { tracker_status_ = status; }

    // Operator errors since the last call (each condition x torrent counted once).
    int take_errors() { return std::exchange(new_errors_, 0); }

private:
    Outcome evaluate_disk(const rules::Condition& c, size_t torrent);
    Outcome undecidable(const rules::Condition& c, size_t torrent, const std::string& reason);
    bool match_value(const rules::Condition& c, const rapidjson::Value* value, size_t torrent);
    bool match_scalar(const rules::Condition& c, const qbt_value& value, size_t torrent);
    bool match_string_list(const rules::Condition& c, const std::vector<std::string>& items, size_t torrent);
    bool match_items(const rules::Condition& c, const rapidjson::Value& array, const std::string* key,
                     size_t torrent);
    // trackers.unregistered / trackers.down: derived from each row's status and msg at match
    // time, so rows from torrents/trackers and from torrents/info (5.1) read the same.
    bool match_tracker_flag(const rules::Condition& c, const rapidjson::Value& rows, size_t torrent);

    const TorrentStore& torrents_;
    const DataCache& cache_;
    UnknownValues* unknown_;
    const TrackerStatus* tracker_status_ = nullptr;
    qbt_match_context context_{};
    std::set<std::pair<const rules::Condition*, size_t>> reported_;
    int new_errors_ = 0;
};

}  // namespace qbt::engine
