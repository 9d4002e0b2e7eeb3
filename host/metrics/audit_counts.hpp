// Actions per type and result in a stored job audit (engine's audit JSON): its uncapped
// `totals`, or for audits written before totals existed, a count of its entries.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <string>

namespace qbt::metrics {

using ActionCounts = std::map<std::string, std::map<std::string, uint64_t>>;  // action -> result -> n

// Adds the audit's counts to `counts`; a missing or malformed audit adds nothing.
void add_audit_counts(const rapidjson::Value& audit, ActionCounts& counts);
void add_audit_counts(const std::string& audit_json, ActionCounts& counts);  // parses, then as above

}  // namespace qbt::metrics
