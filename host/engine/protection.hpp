// `protect:` in one job: decides, at the moment a removal or a move is about to happen,
// whether the torrent is protected, on the job's current view of it (an earlier rule's
// `add_tag: keep` counts). Protection errs on the safe side: a torrent whose protect
// conditions cannot be decided (a fetch failed, a disk fact is unknown), or a cross-seed
// group member on another instance (whose data this job does not read), is protected.
#pragma once

#include "engine/data_cache.hpp"
#include "engine/evaluator.hpp"
#include "engine/field_matcher.hpp"
#include "engine/protected_log.hpp"
#include "engine/torrent_store.hpp"
#include "rules/rule_model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qbt::engine {

// Whether `action` arms a removal qBittorrent carries out later by itself:
// set_share_limits with `action: remove` or `remove_with_content` (its share limit
// reached, qBittorrent removes the torrent, maybe with its files). protect: holds such an
// action back like a removal, so no rule can schedule what it may not do at once.
bool arms_later_removal(const rules::Action& action);

class Protection {
public:
    // `protect`: the rule set's section, nullptr when it has none (then nothing is protected).
    Protection(const rules::Group* protect, std::string instance, TorrentStore& torrents, FieldMatcher& matcher,
               DataCache& cache);

    bool active() const { return plan_.has_value(); }
    // Why each of `torrents` (store indexes) is protected, "" for those that are not; the
    // data the protect conditions need is fetched in one batch per round.
    std::vector<std::string> reasons(const std::vector<size_t>& torrents);
    // The same for one torrent of `instance` by hash (the file guard's question).
    std::string reason(const std::string& instance, const std::string& hash);

    ProtectedLog& log() { return log_; }
    const ProtectedLog& log() const { return log_; }

private:
    std::optional<PlanNode> plan_;
    std::string instance_;
    TorrentStore& torrents_;
    FieldMatcher& matcher_;
    DataCache& cache_;
    ProtectedLog log_;
};

}  // namespace qbt::engine
