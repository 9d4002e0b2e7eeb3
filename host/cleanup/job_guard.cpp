#include "cleanup/job_guard.hpp"

#include "cleanup/bin_recovery.hpp"
#include "cleanup/removal_plan.hpp"
#include "cleanup/torrent_mover.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>

namespace qbt::cleanup {

namespace {

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void JobCleanup::recover_bin_once() {
    if (recovered_ || settings_.bin == nullptr || settings_.dry_run) return;
    recovered_ = true;
    for (const std::string& line : recover_bin(*settings_.bin, settings_.api_for))
        spdlog::warn("job {}: recycle bin: {}", settings_.job_id, line);
}

std::optional<uint64_t> JobCleanup::bin_device() {
    if (settings_.bin == nullptr) return std::nullopt;
    // The bin folder, or the nearest folder above it that exists (a dry run creates none).
    for (std::filesystem::path dir = settings_.bin->dir(); !dir.empty(); dir = dir.parent_path()) {
        struct stat st {};
        if (::stat(dir.c_str(), &st) == 0) return static_cast<uint64_t>(st.st_dev);
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

void CallGuard::record(RemovalRecord record) {
    removals_.push_back(record);
    job_.log().add(std::move(record));
}

std::string CallGuard::protected_reason(const TorrentKey& key) {
    const JobCleanupSettings& s = job_.settings();
    if (!s.protection) return {};
    std::string why = s.protection(key);
    if (!why.empty() && key.instance == s.instance) held_back_.emplace(key.hash, why);
    return why;
}

std::string CallGuard::protection(const std::string& hash) {
    return protected_reason({job_.settings().instance, hash});
}

plugin::GuardResult CallGuard::remove_one(const std::string& hash, const plugin::RemoveOptions& options,
                                          const std::set<std::string>& in_call) {
    const JobCleanupSettings& s = job_.settings();
    const TorrentKey key{s.instance, hash};
    if (job_.gone().count(key)) return {};  // removed earlier in this job (with a cross-seed group)
    RemovalRecord refused;
    refused.torrent = {s.instance, hash, ""};
    refused.rule = rule_;
    refused.planned = s.dry_run;
    refused.delete_files = options.delete_files;
    if (s.usage == nullptr) {
        refused.code = QBT_E_UNSUPPORTED;
        refused.reason = "no view of the files on disk in this job";
        record(refused);
        return {refused.code, refused.reason};
    }
    if (auto facts = s.usage->facts(key)) refused.torrent.name = facts->name;
    if (std::string why = protected_reason(key); !why.empty())
        return {QBT_E_STATE, "protected: " + why};  // not a refusal of the guard: the executor reports it
    RemovalPlan plan = plan_removal(*s.usage, key, options.delete_files, options.include_cross_seeds, job_.gone());
    for (const TorrentRemoval& t : plan.torrents) {
        if (plan.code != QBT_OK || t.key == key) continue;
        if (std::string why = protected_reason(t.key); !why.empty()) {
            plan.code = QBT_E_STATE;
            plan.refused = "not removed: its cross-seed group member " + t.key.hash + " is protected (" + why +
                           "); a group is removed whole or not at all";
            held_back_.emplace(hash, plan.refused);
        }
    }
    int extras = 0;
    for (const TorrentRemoval& t : plan.torrents)
        if (!(t.key.instance == s.instance && in_call.count(t.key.hash))) ++extras;
    if (plan.code == QBT_OK && extra_budget_ >= 0 && extras > extra_budget_) {
        plan.code = QBT_E_LIMIT;
        plan.refused = "not removed: its cross-seed group has " + std::to_string(plan.torrents.size()) +
                       " torrents and only " + std::to_string(extra_budget_) +
                       " more deletion(s) fit under the delete caps (a group is removed whole or not at all)";
    }
    if (plan.code != QBT_OK) {
        refused.code = plan.code;
        refused.reason = plan.refused;
        record(refused);
        return {refused.code, refused.reason};
    }
    const bool recycles = options.delete_files && options.recycle && s.bin != nullptr;
    if (recycles) job_.recover_bin_once();
    RemoveContext context{s.api_for, s.usage, s.bin, recycles ? job_.bin_device() : std::nullopt,
                          s.job_id, rule_, s.dry_run, unix_now()};
    plugin::GuardResult result;
    for (RemovalRecord& r : carry_out(plan, options, context)) {
        const TorrentKey member{r.torrent.instance, r.torrent.hash};
        const bool asked = member.instance == s.instance && in_call.count(member.hash);
        if (r.code == QBT_OK) {
            job_.gone().insert(member);
            if (!asked && extra_budget_ > 0) --extra_budget_;
        }
        if (member == key) result = {r.code, r.reason};
        record(std::move(r));
    }
    return result;
}

std::vector<plugin::GuardResult> CallGuard::remove(const std::vector<std::string>& hashes,
                                                   const plugin::RemoveOptions& options) {
    const std::set<std::string> in_call(hashes.begin(), hashes.end());
    std::vector<plugin::GuardResult> results;
    results.reserve(hashes.size());
    for (const std::string& hash : hashes) results.push_back(remove_one(hash, options, in_call));
    return results;
}

std::vector<plugin::GuardResult> CallGuard::move(const std::vector<std::string>& hashes,
                                                 const std::vector<std::string>& locations) {
    const JobCleanupSettings& s = job_.settings();
    webapi::WebApi* api = s.api_for ? s.api_for(s.instance) : nullptr;
    const MoveContext context{api, s.instance, s.usage, s.job_id, rule_, s.dry_run};
    std::vector<plugin::GuardResult> results(hashes.size());
    std::vector<size_t> movable;
    for (size_t i = 0; i < hashes.size(); ++i) {
        if (std::string why = protected_reason({s.instance, hashes[i]}); !why.empty())
            results[i] = {QBT_E_STATE, "protected: " + why};
        else
            movable.push_back(i);
    }
    std::vector<std::string> move_hashes;
    std::vector<std::string> move_locations;
    for (size_t i : movable) {
        move_hashes.push_back(hashes[i]);
        move_locations.push_back(i < locations.size() ? locations[i] : std::string());
    }
    std::vector<MoveRecord> done = move_hashes.empty() ? std::vector<MoveRecord>{}
                                                       : move_torrents(move_hashes, move_locations, context);
    for (size_t j = 0; j < done.size() && j < movable.size(); ++j) {
        results[movable[j]] = {done[j].code, done[j].reason};
        moves_.push_back(done[j]);
        job_.log().add(std::move(done[j]));
    }
    return results;
}

}  // namespace qbt::cleanup
