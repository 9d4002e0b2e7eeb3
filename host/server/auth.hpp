// API-key authentication. The key comes from the X-API-Key header, else ?key= or
// ?api-key=. Comparison takes the same time whatever the keys' contents.
#pragma once

#include "server/params.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace qbt::server {

enum class Access {
    Missing,      // no key presented
    Denied,       // a key that matches nothing
    Full,         // server.api_key
    TriggerOnly,  // server.trigger_key: may only POST /api/execute
};

// Compares every byte of the longer input, without an early exit.
bool constant_time_equals(std::string_view a, std::string_view b);

// The key the client presented: header first, then the decoded query.
std::optional<std::string> presented_key(const std::optional<std::string>& header_value,
                                         const ParamMap& query);

Access check_access(const std::optional<std::string>& presented, const std::string& api_key,
                    const std::string& trigger_key);

// Query parameter names that carry a key (never logged).
bool is_key_parameter(std::string_view name);

}  // namespace qbt::server
