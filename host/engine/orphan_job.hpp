// The `orphans` job (reserved context; engine_options.hpp kOrphansContext): builds the
// file-usage index of every instance sharing the disk, scans the save paths for files no
// torrent uses (disk/orphan_scan.hpp) and lists them in the result. engine.orphans.action
// decides more: report (default) changes nothing; delete removes the listed orphans, each
// checked again just before; recycle moves them into the recycle bin (one entry per scanned
// folder, cleanup/orphan_recycle.hpp), each checked again too. Any
// action needs a complete index and stays within engine.max_deletes_per_job (a job that
// would remove more removes none); a dry run only says what it would do.
#pragma once

#include "disk/orphan_scan.hpp"
#include "engine/audit.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

struct OrphanJobReport {
    bool dry_run = false;
    std::string action;          // as configured
    std::string action_skipped;  // why the action did not run ("" when it ran or is report)
    disk::OrphanScan scan;
    std::vector<std::string> root_problems;
    uint64_t torrents = 0;        // indexed, every instance
    int removed = 0;
    std::vector<std::pair<std::string, std::string>> not_removed;  // path, why
    std::string disk_json;        // the index's counts
    AuditLog audit;

    std::string to_json() const;  // the job's result
};

}  // namespace qbt::engine
