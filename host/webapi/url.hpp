// URL helpers for the Web API client: joining the configured host (which may carry a
// path prefix) with /api/v2/<endpoint>, and printing the host without credentials.
#pragma once

#include <string>

namespace qbt::webapi {

// "https://box.example/qbittorrent/" -> "https://box.example/qbittorrent" (no trailing '/').
// Throws WebApiError(Protocol) unless it starts with http:// or https:// and has a host.
std::string normalize_base_url(const std::string& host);

// base + "/api/v2/" + endpoint [+ "?" + query]
std::string api_url(const std::string& base_url, const std::string& endpoint, const std::string& query);

// The URL without any "user:password@" part, for messages.
std::string without_credentials(const std::string& url);


}  // namespace qbt::webapi
