// Which candidate torrents a rule matches, fetching lazily in rounds: each round
// evaluates the still-undecided torrents with the data at hand, then fetches, in ONE
// concurrent batch, the cheapest missing space of each torrent that can still match.
#pragma once

#include "engine/data_cache.hpp"
#include "engine/evaluator.hpp"
#include "engine/field_matcher.hpp"
#include "engine/job_stats.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

// Returns the matched torrents in candidate order. Fetch failures and operator errors
// are counted in rule_stats.errors (and logged); a torrent whose data could not be
// fetched does not match.
std::vector<size_t> match_rule(const PlanNode& plan, const std::vector<size_t>& candidates,
                               FieldMatcher& matcher, DataCache& cache, RuleStats& rule_stats,
                               const std::string& job_id);

}  // namespace qbt::engine
