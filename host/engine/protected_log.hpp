// What `protect:` held back in one job: each (torrent, rule, action) it kept from a removal
// or a move, for the job result and the audit: `protected: {count, torrents}`.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace qbt::engine {

struct ProtectedEntry {
    std::string hash;
    std::string name;
    std::string rule;
    std::string action;
    std::string reason;  // "matched by protect", or why protection could not be decided
};

class ProtectedLog {
public:
    // Records it once per (hash, rule, action).
    void add(ProtectedEntry entry);
    bool empty() const { return entries_.empty(); }
    // Distinct torrents held back.
    size_t count() const { return hashes_.size(); }
    const std::vector<ProtectedEntry>& entries() const { return entries_; }
    // {"count": n, "torrents": [{hash, name, rule, action, reason}...]}
    std::string to_json() const;

private:
    std::vector<ProtectedEntry> entries_;
    std::set<std::string> hashes_;
    std::set<std::string> seen_;  // hash \n rule \n action
};

}  // namespace qbt::engine
