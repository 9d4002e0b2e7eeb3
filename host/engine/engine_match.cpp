#include "engine/engine_match.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace qbt::engine {

std::vector<size_t> match_rule(const PlanNode& plan, const std::vector<size_t>& candidates,
                               FieldMatcher& matcher, DataCache& cache, RuleStats& rule_stats,
                               const std::string& job_id) {
    std::vector<size_t> matched;
    std::vector<size_t> pending = candidates;
    while (!pending.empty()) {
        std::vector<size_t> undecided;
        std::vector<FetchNeed> needs;
        for (size_t t : pending) {
            Outcome o = evaluate(plan, matcher, t);
            if (o.truth == Truth::True) {
                matched.push_back(t);
            } else if (o.truth == Truth::Unknown && o.need != 0) {
                undecided.push_back(t);
                needs.push_back({t, lowest_space(o.need)});
            }  // False, or Unknown that no fetch can settle: no match
        }
        if (needs.empty()) break;
        for (const std::string& failure : cache.fetch(needs)) {
            ++rule_stats.errors;
            spdlog::warn("job {}: rule '{}': could not fetch {}", job_id, rule_stats.name, failure);
        }
        pending = std::move(undecided);
    }
    rule_stats.errors += matcher.take_errors();
    std::sort(matched.begin(), matched.end());  // candidate order == job order
    return matched;
}

}  // namespace qbt::engine
