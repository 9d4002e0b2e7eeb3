// The file guard of one job (plugin::FileGuard): plans every removal and move against the
// job's view of the files (FileUsage), keeps what other torrents use, applies the recycle
// bin and the delete caps to cross-seed groups, and logs what it did. One JobCleanup per
// job; one CallGuard per execute() call (it knows the rule and the caps left).
#pragma once

#include "cleanup/cleanup_log.hpp"
#include "cleanup/file_usage.hpp"
#include "cleanup/torrent_remover.hpp"
#include "disk/recycle_bin.hpp"
#include "plugin/file_guard.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace qbt::cleanup {

struct JobCleanupSettings {
    std::string instance;  // the job's qBittorrent instance
    std::string job_id;
    bool dry_run = false;
    ApiFor api_for;
    const FileUsage* usage = nullptr;   // the job's view (lazily built by its owner)
    disk::RecycleBin* bin = nullptr;    // nullptr: no recycle bin
    // Why a torrent is protected (rules.yml `protect:`), "" when it is not; empty function:
    // nothing is. Asked for every torrent a removal or move would touch, group members too.
    std::function<std::string(const TorrentKey&)> protection;
};

class JobCleanup {
public:
    explicit JobCleanup(JobCleanupSettings settings) : settings_(std::move(settings)) {}
    const JobCleanupSettings& settings() const { return settings_; }
    CleanupLog& log() { return log_; }
    const CleanupLog& log() const { return log_; }
    // Torrents this job removed (or, in a dry run, would have): they no longer count as
    // users of their files.
    std::set<TorrentKey>& gone() { return gone_; }
    // Before the job's first recycle: repair what an interrupted one left (cleanup/bin_recovery.hpp).
    void recover_bin_once();
    // The device of the bin folder, when there is a bin (what a rename into it frees: nothing).
    std::optional<uint64_t> bin_device();

private:
    JobCleanupSettings settings_;
    CleanupLog log_;
    std::set<TorrentKey> gone_;
    bool recovered_ = false;
};

class CallGuard : public plugin::FileGuard {
public:
    // `extra_budget`: how many torrents beyond the call's own may still be removed (cross-seed
    // group members) under the job's and the rule's delete caps; negative = no cap.
    CallGuard(JobCleanup& job, std::string rule, int extra_budget)
        : job_(job), rule_(std::move(rule)), extra_budget_(extra_budget) {}

    std::vector<plugin::GuardResult> remove(const std::vector<std::string>& hashes,
                                            const plugin::RemoveOptions& options) override;
    std::vector<plugin::GuardResult> move(const std::vector<std::string>& hashes,
                                          const std::vector<std::string>& locations) override;

    std::string protection(const std::string& hash) override;

    // What this call did, for the audit: one removal record per torrent it touched (group
    // members included), one move record per moved torrent.
    const std::vector<RemovalRecord>& removals() const { return removals_; }
    const std::vector<MoveRecord>& moves() const { return moves_; }
    // Torrents of this call (and their group members) left alone because `protect:` matched
    // them: hash -> why. A protected torrent's outcome is QBT_E_STATE with that reason.
    const std::map<std::string, std::string>& held_back() const { return held_back_; }

private:
    plugin::GuardResult remove_one(const std::string& hash, const plugin::RemoveOptions& options,
                                   const std::set<std::string>& in_call);
    void record(RemovalRecord record);
    // Why `key` is protected, "" when it is not (and remembers it in held_back_).
    std::string protected_reason(const TorrentKey& key);

    JobCleanup& job_;
    std::string rule_;
    int extra_budget_;
    std::vector<RemovalRecord> removals_;
    std::vector<MoveRecord> moves_;
    std::map<std::string, std::string> held_back_;
};

}  // namespace qbt::cleanup
