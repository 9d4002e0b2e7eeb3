// Can this server read the files qBittorrent reports? The local roots of every
// qbittorrent.path_map (instances that share the disk), checked by --validate and
// GET /api/health, and which rules need them (disk facts, deletes with files, moves):
// unreadable roots are a warning, and an error when a rule needs them.
#pragma once

#include "config/config.hpp"
#include "rules/rule_model.hpp"

#include <string>
#include <vector>

namespace qbt::cli {

struct UnreadableRoot {
    std::string instance;
    std::string path;
    std::string problem;
};

struct DiskCheck {
    std::vector<UnreadableRoot> unreadable;
    std::vector<std::string> needed_by;  // "rule 'x' (rules.yml:3) reads info.hardlinks"

    bool error() const { return !unreadable.empty() && !needed_by.empty(); }
    // One line per unreadable root, then what needs them; "" when all is readable.
    std::vector<std::string> lines() const;
    // {"status": "ok"|"warning"|"error", "unreadable": [{instance, path, problem}], "needed_by": [...]}
    std::string to_json() const;
};

// `rules` may be null (none loaded).
DiskCheck check_disk(const config::Config& config, const rules::RuleSet* rules);

}  // namespace qbt::cli
