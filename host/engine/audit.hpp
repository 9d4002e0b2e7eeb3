// Per-job audit of executed actions: which rule did what to which torrent, with which
// params (secrets redacted: rules/redact.hpp), and how it went. Stored in the job document
// as `audit` (see Engine::run) so it lives exactly as long as the job, in every queue backend.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::engine {

struct AuditEntry {
    std::string rule;
    std::string hash;
    std::string name;
    std::string action;
    std::string params_json;  // already redacted
    std::string outcome;      // "ok", "error: <why>", "not executed: <why>"
    // What a removal or move did to the files (host/cleanup records: kept files and for
    // which torrents, recycle bin entry, bytes freed), a JSON object; "" when none.
    std::string details_json = {};
    // What the action itself said about this torrent (ABI 1.3 audit_note), "" when nothing.
    std::string note = {};
};

// An outcome's result class: "ok", "error", "not_executed" or "other".
std::string outcome_result(std::string_view outcome);

class AuditLog {
public:
    // A job over tens of thousands of torrents must not make a huge job document:
    // past this many entries only a count is kept.
    static constexpr size_t kMaxEntries = 10000;

    void add(AuditEntry entry);
    bool empty() const { return entries_.empty() && omitted_ == 0 && protected_json_.empty(); }
    // What rules.yml `protect:` held back in the job (ProtectedLog JSON), written as `protected`.
    void set_protected(std::string json) { protected_json_ = std::move(json); }
    const std::vector<AuditEntry>& entries() const { return entries_; }
    size_t omitted() const { return omitted_; }
    // Every added entry counted by action and outcome_result(), past the cap too.
    const std::map<std::string, std::map<std::string, uint64_t>>& totals() const { return totals_; }

    // {"actions":[{rule,hash,name,action,params,outcome[,details][,note]}...],"omitted":n,
    //  "totals":{action:{result:n}}, "protected":{count, torrents} when protect held any}
    std::string to_json() const;

private:
    std::vector<AuditEntry> entries_;
    size_t omitted_ = 0;
    std::map<std::string, std::map<std::string, uint64_t>> totals_;
    std::string protected_json_;
};

}  // namespace qbt::engine
