#include "engine/executor.hpp"

#include "engine/audit.hpp"
#include "plugin/host_services.hpp"
#include "rules/redact.hpp"

#include <qbt/cpp/writer.hpp>
#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <optional>

namespace qbt::engine {

namespace {
// execute() of a plugin built before ABI 1.2 indexes a contiguous array with its own
// sizeof(qbt_torrent), the 1.0 layout. While qbt_torrent has not grown that is the host's
// struct; once it grows, build 1.0-sized elements here (the assert is the reminder).
constexpr size_t kTorrentV10Size = offsetof(qbt_torrent, info) + sizeof(const qbt_value*);
std::vector<qbt_torrent> legacy_layout(const std::vector<qbt_torrent>& batch) {
    static_assert(sizeof(qbt_torrent) == kTorrentV10Size, "qbt_torrent grew: build the 1.0 layout for execute()");
    std::vector<qbt_torrent> out = batch;
    for (qbt_torrent& torrent : out) torrent.struct_size = static_cast<uint32_t>(kTorrentV10Size);
    return out;
}
}  // namespace

ActionExecutor::ActionExecutor(TorrentStore& torrents, webapi::WebApi& api, const plugin::Registry& registry,
                               const EngineOptions& options, JobStats& stats, std::string job_id, bool dry_run,
                               cleanup::JobCleanup* cleanup)
    : torrents_(torrents), api_(api), registry_(registry), options_(options), stats_(stats),
      job_id_(std::move(job_id)), dry_run_(dry_run), cleanup_(cleanup), spelling_(torrents, api) {}

void ActionExecutor::run(const rules::Rule& rule, const std::vector<size_t>& matched, RuleStats& rule_stats) {
    if (rule.until) {
        run_until(rule, matched, rule_stats);
        return;
    }
    int rule_deletes = 0;
    for (const rules::Action& action : rule.actions) run_action(rule, action, matched, rule_stats, rule_deletes);
}

void ActionExecutor::apply_delete_caps(const rules::Rule& rule, const rules::Action& action, std::vector<size_t>& todo,
                                       int rule_deletes) {
    size_t allowed = todo.size();
    std::string which;
    if (options_.max_deletes_per_job >= 0) {
        size_t left = static_cast<size_t>(std::max(0, options_.max_deletes_per_job - job_deletes_));
        if (left < allowed) {
            allowed = left;
            which = "engine.max_deletes_per_job (" + std::to_string(options_.max_deletes_per_job) + ")";
        }
    }
    if (rule.max_deletes) {
        size_t left = static_cast<size_t>(std::max(0, *rule.max_deletes - rule_deletes));
        if (left < allowed) {
            allowed = left;
            which = "max_deletes of rule '" + rule.name + "' (" + std::to_string(*rule.max_deletes) + ")";
        }
    }
    if (allowed == todo.size()) return;
    int held = static_cast<int>(todo.size() - allowed);
    stats_.deletes_capped += held;
    std::string message = std::to_string(held) + " deletion(s) by rule '" + rule.name +
                          "' not executed: " + which + " reached";
    spdlog::warn("job {}: {}", job_id_, message);
    if (!stats_.deletes_capped_message.empty()) stats_.deletes_capped_message += "; ";
    stats_.deletes_capped_message += message;
    if (!dry_run_)
        for (size_t i = allowed; i < todo.size(); ++i) audit(rule, action, todo[i], "not executed: " + which + " reached");
    todo.resize(allowed);
}

void ActionExecutor::record_protected(const rules::Rule& rule, const rules::Action& action, size_t t,
                                      const std::string& why) {
    if (protection_) protection_->log().add({torrents_.at(t).hash, torrents_.at(t).name, rule.name, action.type, why});
    spdlog::info("job {}: rule '{}': {} not executed for {}: protected ({})", job_id_, rule.name, action.type,
                 torrents_.at(t).hash, why);
    if (!dry_run_) audit(rule, action, t, "not executed: protected (" + why + ")");
}

void ActionExecutor::hold_back_protected(const rules::Rule& rule, const rules::Action& action,
                                         std::vector<size_t>& todo) {
    if (protection_ == nullptr || !protection_->active() || todo.empty()) return;
    const std::vector<std::string> reasons = protection_->reasons(todo);
    std::vector<size_t> kept;
    for (size_t i = 0; i < todo.size(); ++i) {
        if (reasons[i].empty()) kept.push_back(todo[i]);
        else record_protected(rule, action, todo[i], reasons[i]);
    }
    todo = std::move(kept);
}

void ActionExecutor::run_action(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& matched,
                                RuleStats& rule_stats, int& rule_deletes) {
    const qbt_action* descriptor = action.compiled ? action.compiled->action() : nullptr;
    if (descriptor == nullptr) {
        spdlog::error("job {}: rule '{}': action '{}' is not compiled", job_id_, rule.name, action.type);
        rule_stats.errors += static_cast<int>(matched.size());
        return;
    }
    std::vector<size_t> todo;
    for (size_t t : matched) {
        if (!torrents_.at(t).alive) continue;  // deleted by an earlier action of this rule
        if (descriptor->is_satisfied == nullptr) {
            todo.push_back(t);
            continue;
        }
        // A view for this call only: cached for every matched torrent of a 10,000-torrent
        // job, the views would cost ~20 MB (bench/README.md, memory).
        const BorrowedValue info(*torrents_.at(t).info);
        qbt_torrent torrent{sizeof(qbt_torrent), {torrents_.at(t).hash.data(), torrents_.at(t).hash.size()},
                            info.root()};
        qbt_error err{};
        int r = action.compiled->is_satisfied(&torrent, &err);
        if (r > 0) {
            ++rule_stats.actions_skipped;
        } else if (r == 0) {
            todo.push_back(t);
        } else {
            ++rule_stats.errors;
            spdlog::warn("job {}: rule '{}': {} could not check torrent {}: {}", job_id_, rule.name,
                         action.type, torrents_.at(t).hash, err.message);
        }
    }
    const bool removes = (descriptor->flags & QBT_ACTION_REMOVES_TORRENT) != 0;
    const bool plans = (descriptor->flags & QBT_ACTION_PLANS_IN_DRY_RUN) != 0;
    if (removes || arms_later_removal(action)) hold_back_protected(rule, action, todo);
    if (removes) apply_delete_caps(rule, action, todo, rule_deletes);
    if (todo.empty()) return;

    std::vector<int32_t> results;
    if (dry_run_ && plans) {
        // Planned by the action itself through the host services (nothing changes): what
        // the guard would refuse is not planned.
        batch_error_.clear();
        results = execute(rule, action, todo, rule_stats, rule_deletes);
        const std::string params = rules::redact_params_json(action.params_json);
        for (size_t i = 0; i < todo.size(); ++i) {
            if (results[i] != QBT_OK) continue;
            ++rule_stats.actions_skipped;
            stats_.planned.push_back({rule.name, torrents_.at(todo[i]).hash, torrents_.at(todo[i]).name, action.type,
                                      params, details_of(todo[i]), note_of(todo[i])});
        }
    } else if (dry_run_) {
        // Dry-run: nothing is executed (each counts as skipped), but the effects are
        // applied in memory so later rules plan against what the job would have done.
        results.assign(todo.size(), QBT_OK);
        rule_stats.actions_skipped += static_cast<int>(todo.size());
        const std::string params = rules::redact_params_json(action.params_json);  // job records hold no secrets
        for (size_t t : todo)
            stats_.planned.push_back({rule.name, torrents_.at(t).hash, torrents_.at(t).name, action.type, params});
    } else {
        batch_error_.clear();
        results = execute(rule, action, todo, rule_stats, rule_deletes);
        for (size_t i = 0; i < todo.size(); ++i) {
            if (call_held_back_.count(torrents_.at(todo[i]).hash)) continue;  // audited as protected
            audit(rule, action, todo[i],
                  results[i] == QBT_OK ? "ok"
                                       : "error: " + (batch_error_.empty() ? qbt_status_name(results[i]) : batch_error_),
                  details_of(todo[i]), note_of(todo[i]));
        }
    }

    std::vector<size_t> stale;
    for (size_t i = 0; i < todo.size(); ++i) {
        if (results[i] != QBT_OK) continue;
        size_t t = todo[i];
        if (!dry_run_) ++rule_stats.actions_executed;
        if (removes) {
            torrents_.at(t).alive = false;
            ++job_deletes_;
            ++rule_deletes;
        } else if (!apply_effect(action, t)) {
            stale.push_back(t);
        }
    }
    if (!stale.empty() && !dry_run_) refetch(stale, rule_stats);
    take_out_group_members(rule, action, todo, rule_stats, rule_deletes);
}

std::vector<int32_t> ActionExecutor::execute(const rules::Rule& rule, const rules::Action& action,
                                             const std::vector<size_t>& todo, RuleStats& rule_stats,
                                             int rule_deletes) {
    call_removals_.clear();
    call_moves_.clear();
    call_held_back_.clear();
    call_notes_.clear();
    const qbt_action* descriptor = action.compiled->action();
    std::vector<int32_t> results(todo.size(), QBT_E_INTERNAL);
    auto fail_all = [&](const std::string& why) {
        batch_error_ = why;
        rule_stats.errors += static_cast<int>(todo.size());
        spdlog::error("job {}: rule '{}': {} failed for {} torrent(s): {}", job_id_, rule.name, action.type,
                      todo.size(), why);
        return results;
    };
    const plugin::LoadedPlugin* owner = registry_.find_action(action.type).plugin;
    const qbt_host* host = options_.host_table ? options_.host_table(owner) : nullptr;
    if (host == nullptr) return fail_all("no host services table for the action's plugin");

    // The batch as pointers (execute_batch, ABI 1.2), so qbt_torrent can grow; a plugin
    // built before 1.2 gets its contiguous 1.0-layout array instead.
    std::vector<qbt_torrent> batch;
    batch.reserve(todo.size());
    for (size_t t : todo)
        batch.push_back({sizeof(qbt_torrent), {torrents_.at(t).hash.data(), torrents_.at(t).hash.size()},
                         torrents_.abi_info(t)});
    std::vector<const qbt_torrent*> pointers;
    std::vector<qbt_torrent> legacy;
    if (descriptor->execute_batch) {
        pointers.reserve(batch.size());
        for (const qbt_torrent& torrent : batch) pointers.push_back(&torrent);
    } else {
        legacy = legacy_layout(batch);
    }
    std::optional<cleanup::CallGuard> guard;
    if (cleanup_) guard.emplace(*cleanup_, rule.name, extra_deletes_allowed(rule, todo.size(), rule_deletes));
    std::vector<std::string> hashes;
    for (size_t t : todo) hashes.push_back(torrents_.at(t).hash);
    plugin::AuditNotes notes(hashes, options_.audit_secrets);  // audit_note (ABI 1.3)
    plugin::ClientHandle handle{&api_, guard ? &*guard : nullptr, dry_run_, &notes};
    qbt_action_call call{sizeof(qbt_action_call), host, plugin::to_client(&handle), job_id_.c_str(),
                         rule.name.c_str(), dry_run_ ? 1 : 0};
    qbt_error err{};
    int r = action.compiled->execute(&call, pointers.data(), legacy.data(), todo.size(), results.data(), &err);
    for (const std::string& hash : hashes)
        if (std::string note = notes.note(hash); !note.empty()) call_notes_[hash] = std::move(note);
    if (guard) {
        call_removals_ = guard->removals();
        call_moves_ = guard->moves();
        call_held_back_ = guard->held_back();
        for (const cleanup::RemovalRecord& removal : call_removals_)
            if (removal.code == QBT_OK) bytes_freed_ += removal.bytes_freed;
    }
    if (r < 0) {
        results.assign(todo.size(), r);
        return fail_all(std::string(err.message) + " (" + qbt_status_name(r) + ")");
    }
    for (size_t i = 0; i < todo.size(); ++i) {
        if (results[i] == QBT_OK) continue;
        if (auto held = call_held_back_.find(torrents_.at(todo[i]).hash); held != call_held_back_.end()) {
            record_protected(rule, action, todo[i], held->second);  // protect held, nothing failed
            continue;
        }
        ++rule_stats.errors;
        spdlog::warn("job {}: rule '{}': {} failed for torrent {}: {}", job_id_, rule.name, action.type,
                     torrents_.at(todo[i]).hash, qbt_status_name(results[i]));
    }
    return results;
}

void ActionExecutor::audit(const rules::Rule& rule, const rules::Action& action, size_t t, std::string outcome,
                           std::string details, std::string note) {
    if (audit_params_for_ != &action) {
        audit_params_for_ = &action;
        audit_params_ = rules::redact_params_json(action.params_json);
    }
    stats_.audit.add({rule.name, torrents_.at(t).hash, torrents_.at(t).name, action.type, audit_params_,
                      std::move(outcome), std::move(details), std::move(note)});
}

bool ActionExecutor::apply_effect(const rules::Action& action, size_t t) {
    const qbt_action* descriptor = action.compiled->action();
    if (descriptor->effect == nullptr) return false;
    qbt_torrent torrent{sizeof(qbt_torrent), {torrents_.at(t).hash.data(), torrents_.at(t).hash.size()},
                        torrents_.abi_info(t)};
    std::string json;
    qbt_error err{};
    int r = action.compiled->effect(&torrent, &sdk::string_writer, &json, &err);
    rapidjson::Document fields;
    if (r >= 0) fields.Parse(json.data(), json.size());
    if (r < 0 || fields.HasParseError() || !fields.IsObject()) {
        spdlog::warn("job {}: {} gave no usable effect for torrent {}: {}", job_id_, action.type,
                     torrents_.at(t).hash, r < 0 ? err.message : "not a JSON object");
        return false;
    }
    spelling_.apply(fields, fields.GetAllocator());
    torrents_.merge(t, fields);
    return true;
}

void ActionExecutor::refetch(const std::vector<size_t>& stale, RuleStats& rule_stats) {
    // qBittorrent 4.5 drops GET requests whose line passes ~8 KB (~185 hashes): chunk.
    constexpr size_t kHashesPerRequest = 100;
    for (size_t start = 0; start < stale.size(); start += kHashesPerRequest) {
        const size_t end = std::min(stale.size(), start + kHashesPerRequest);
        std::string query = "hashes=";
        for (size_t i = start; i < end; ++i) query += (i > start ? "%7C" : "") + torrents_.at(stale[i]).hash;
        try {
            webapi::Response response = api_.request({"GET", "torrents/info", query, ""});
            rapidjson::Document doc;
            doc.Parse(response.body.data(), response.body.size());
            if (response.status != 200 || doc.HasParseError() || !doc.IsArray())
                throw std::runtime_error("HTTP " + std::to_string(response.status));
            for (const auto& info : doc.GetArray()) {
                if (!info.IsObject()) continue;
                auto hash = info.FindMember("hash");
                if (hash == info.MemberEnd() || !hash->value.IsString()) continue;
                if (auto index = torrents_.find(hash->value.GetString())) torrents_.merge(*index, info);
            }
        } catch (const std::exception& e) {
            ++rule_stats.errors;
            spdlog::warn("job {}: could not re-read {} torrent(s) after an action: {}", job_id_, end - start,
                         e.what());
        }
    }
}

}  // namespace qbt::engine
