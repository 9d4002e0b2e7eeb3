// The values of the configuration's secrets, for masking text the host stores and shows
// on a plugin's behalf (an action's audit note, ABI 1.3).
#pragma once

#include "config/config.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qbt::config {

// Every secret key's value (api keys, passwords, secret URLs and a URL's password, a queue
// backend's secret settings, each instance's passwords), longest first so a masked longer
// value is not half-masked by a shorter one inside it. Values under 4 bytes are left out:
// masking them would blank ordinary words.
std::vector<std::string> secret_values(const Config& config);

// Where the password of "scheme://user:password@host..." (or "user:password@host") stands:
// {offset, length}; nullopt when the URL carries none.
std::optional<std::pair<size_t, size_t>> url_password_range(const std::string& url);

}  // namespace qbt::config
