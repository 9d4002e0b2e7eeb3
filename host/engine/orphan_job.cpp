// Engine::run_orphans: the `orphans` job (see orphan_job.hpp).
#include "cleanup/orphan_recycle.hpp"
#include "engine/engine.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/orphan_job.hpp"
#include "engine/orphan_roots.hpp"
#include "engine/torrent_store.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <map>

namespace qbt::engine {
namespace {

std::string orphan_params(const disk::Orphan& orphan) {
    return "{\"size\":" + std::to_string(orphan.size) + ",\"age\":" + std::to_string(orphan.age_seconds) + "}";
}

// Why the configured action must not run now ("" when it may).
std::string blocked(const OrphanJobReport& report, const disk::FileUsageIndex& index, int max_deletes,
                    const disk::RecycleBin* bin) {
    const size_t listed = report.scan.orphans.size();
    if (report.action == "report" || listed == 0) return "";
    if (!index.complete())
        return "the file-usage index is incomplete (" + index.problems().front() + "): nothing removed";
    if (report.action == "recycle" && bin == nullptr)
        return "engine.orphans.action recycle needs a recycle bin (engine.recycle_bin.dir): nothing removed";
    if (max_deletes >= 0 && listed > static_cast<size_t>(max_deletes))
        return std::to_string(listed) + " orphans exceed engine.max_deletes_per_job (" + std::to_string(max_deletes) +
               "): nothing removed";
    if (report.dry_run)
        return "dry run: " + std::to_string(listed) + " orphans would be " +
               (report.action == "recycle" ? "recycled" : "deleted");
    return "";
}

// The scanned folder an orphan was found in (the longest root above it).
std::string root_of(const std::string& path, const std::vector<std::string>& roots) {
    std::string best;
    for (const std::string& root : roots)
        if (disk::has_path_prefix(path, root) && root.size() > best.size()) best = root;
    return best;
}

// recycle: every orphan still as the scan saw it goes into the bin, one entry per folder.
void recycle(OrphanJobReport& report, const disk::FileUsageIndex& index, disk::RecycleBin& bin,
             const std::string& instance, const std::string& job_id) {
    std::map<std::string, std::vector<const disk::Orphan*>> by_root;
    for (const disk::Orphan& orphan : report.scan.orphans) {
        std::string why = disk::check_orphan(orphan, index);
        const std::string root = root_of(orphan.path, report.scan.roots);
        if (why.empty() && root.empty()) why = "not below a scanned folder";
        if (!why.empty()) {
            report.not_removed.emplace_back(orphan.path, why);
            report.audit.add({"orphans", "", orphan.path, "recycle_orphan", orphan_params(orphan), "error: " + why});
        } else {
            by_root[root].push_back(&orphan);
        }
    }
    for (const auto& [root, orphans] : by_root) {
        std::vector<std::pair<std::string, uint64_t>> files;
        for (const disk::Orphan* o : orphans) files.emplace_back(o->path, o->size);
        std::string outcome = "ok";
        try {
            cleanup::recycle_orphans(bin, instance, job_id, root, files, static_cast<int64_t>(std::time(nullptr)));
            report.removed += static_cast<int>(files.size());
        } catch (const std::exception& e) {
            outcome = std::string("error: ") + e.what();
            for (const disk::Orphan* o : orphans) report.not_removed.emplace_back(o->path, e.what());
        }
        for (const disk::Orphan* o : orphans)
            report.audit.add({"orphans", "", o->path, "recycle_orphan", orphan_params(*o), outcome});
    }
}

void act(OrphanJobReport& report, const disk::FileUsageIndex& index, int max_deletes, const std::string& job_id,
         disk::RecycleBin* bin, const std::string& instance) {
    report.action_skipped = blocked(report, index, max_deletes, bin);
    const bool recycling = report.action == "recycle" && report.action_skipped.empty() && !report.dry_run && bin;
    if (recycling) recycle(report, index, *bin, instance, job_id);
    const bool deleting = report.action == "delete" && report.action_skipped.empty();
    for (const disk::Orphan& orphan : report.scan.orphans) {
        if (recycling || report.action == "report" || report.dry_run) break;  // a dry run says it in action_skipped
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
        report.audit.add({"orphans", "", orphan.path, report.action + "_orphan", orphan_params(orphan), outcome});
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
    act(report, index, options_.max_deletes_per_job, request.job_id, options_.recycle_bin, request.instance);
    report.disk_json = disk.stats_json();
    return JobOutcome{true, report.to_json(), "", report.audit.empty() ? "" : report.audit.to_json()};
}

}  // namespace qbt::engine
