#include "server/auth.hpp"

#include <algorithm>

namespace qbt::server {

bool constant_time_equals(std::string_view a, std::string_view b) {
    const size_t length = std::max(a.size(), b.size());
    // Differing lengths already make the result false; the loop still runs in full.
    volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < length; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

std::optional<std::string> presented_key(const std::optional<std::string>& header_value,
                                         const ParamMap& query) {
    if (header_value && !header_value->empty()) return header_value;
    for (const char* name : {"key", "api-key"}) {
        auto value = find_param(query, name);
        if (value && !value->empty()) return value;
    }
    return std::nullopt;
}

Access check_access(const std::optional<std::string>& presented, const std::string& api_key,
                    const std::string& trigger_key) {
    if (!presented) return Access::Missing;
    // Both comparisons always run, so timing does not reveal which key matched.
    const bool is_api = !api_key.empty() && constant_time_equals(*presented, api_key);
    const bool is_trigger = !trigger_key.empty() && constant_time_equals(*presented, trigger_key);
    if (is_api) return Access::Full;
    if (is_trigger) return Access::TriggerOnly;
    return Access::Denied;
}

bool is_key_parameter(std::string_view name) { return name == "key" || name == "api-key"; }

}  // namespace qbt::server
