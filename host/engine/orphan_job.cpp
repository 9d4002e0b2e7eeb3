// Engine::run_orphans: the `orphans` job (see orphan_job.hpp).
#include "engine/engine.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/orphan_job.hpp"
#include "engine/orphan_roots.hpp"
#include "engine/torrent_store.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <ctime>

namespace qbt::engine {
namespace {

std::string orphan_params(const disk::Orphan& orphan) {
    return "{\"size\":" + std::to_string(orphan.size) + ",\"age\":" + std::to_string(orphan.age_seconds) + "}";
}

// Why the configured action must not run now ("" when it may).
std::string blocked(const OrphanJobReport& report, const disk::FileUsageIndex& index, int max_deletes) {
    const size_t listed = report.scan.orphans.size();
    if (report.action == "report" || listed == 0) return "";
    if (!index.complete())
        return "the file-usage index is incomplete (" + index.problems().front() + "): nothing removed";
    if (report.action == "recycle")
        return "engine.orphans.action recycle is not wired to the recycle bin yet: nothing removed (use report or delete)";
    if (max_deletes >= 0 && listed > static_cast<size_t>(max_deletes))
        return std::to_string(listed) + " orphans exceed engine.max_deletes_per_job (" + std::to_string(max_deletes) +
               "): nothing removed";
    if (report.dry_run) return "dry run: " + std::to_string(listed) + " orphans would be deleted";
    return "";
}

void act(OrphanJobReport& report, const disk::FileUsageIndex& index, int max_deletes, const std::string& job_id) {
    report.action_skipped = blocked(report, index, max_deletes);
    const bool deleting = report.action == "delete" && report.action_skipped.empty();
    for (const disk::Orphan& orphan : report.scan.orphans) {
        if (report.action == "report" || report.dry_run) break;  // a dry run says it in action_skipped
        std::string outcome = "not executed: " + report.action_skipped;
        if (deleting) {
            const std::string why = disk::remove_orphan(orphan, index);
            if (why.empty()) {
                ++report.removed;
                outcome = "ok";
            } else {
                report.not_removed.emplace_back(orphan.path, why);
                outcome = "error: " + why;
            }
        }
        report.audit.add({"orphans", "", orphan.path, "delete_orphan", orphan_params(orphan), outcome});
    }
    spdlog::info("job {}: orphans: {} found ({} bytes), {} listed, action {}: {} removed{}", job_id,
                 report.scan.orphan_count, report.scan.orphan_bytes, report.scan.orphans.size(), report.action,
                 report.removed, report.action_skipped.empty() ? "" : " (" + report.action_skipped + ")");
}

}  // namespace

JobOutcome Engine::run_orphans(const JobRequest& request) {
    if (request.hash) return JobOutcome{false, "", "an orphans job scans every torrent's files: it takes no hash"};
    TorrentStore store;
    JobRequest all = request;
    all.hash.reset();
    if (std::string problem = load_torrents(all, false, store); !problem.empty()) return JobOutcome{false, "", problem};

    OrphanJobReport report;
    report.dry_run = request.dry_run || options_.dry_run_default;
    report.action = options_.orphans.action;
    JobDiskIndex disk(options_.disk_scope.get(), request.instance, api_, store, true);
    const disk::FileUsageIndex& index = disk.index();
    report.torrents = index.torrent_count();
    const std::vector<std::string> roots = orphan_roots(disk, report.root_problems);
    disk::OrphanOptions scan_options;
    scan_options.now = static_cast<int64_t>(std::time(nullptr));
    scan_options.grace_seconds = static_cast<int64_t>(options_.orphans.grace_seconds);
    scan_options.exclude = options_.orphans.exclude;
    scan_options.exclude_dirs = options_.orphan_exclude_dirs;
    scan_options.max = static_cast<size_t>(options_.orphans.max);
    report.scan = disk::scan_orphans(roots, index, scan_options);
    act(report, index, options_.max_deletes_per_job, request.job_id);
    report.disk_json = disk.stats_json();
    return JobOutcome{true, report.to_json(), "", report.audit.empty() ? "" : report.audit.to_json()};
}

}  // namespace qbt::engine
