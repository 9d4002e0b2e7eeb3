#include "config/secret_values.hpp"

#include "config/backend_keys.hpp"
#include "config/config_loader.hpp"
#include "config/key_table.hpp"

#include <algorithm>

namespace qbt::config {

namespace {

constexpr size_t kShortestMasked = 4;

void add(std::vector<std::string>& out, const std::string& value) {
    if (value.size() >= kShortestMasked) out.push_back(value);
    // "redis://user:pw@host/0": the password alone may appear in a text too.
    if (value.find("://") == std::string::npos) return;
    if (const auto password = url_password_range(value); password && password->second >= kShortestMasked)
        out.push_back(value.substr(password->first, password->second));
}

}  // namespace

std::optional<std::pair<size_t, size_t>> url_password_range(const std::string& url) {
    const auto scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const auto at = url.find('@', start);
    if (at == std::string::npos) return std::nullopt;
    const auto colon = url.find(':', start);
    if (colon == std::string::npos || colon > at) return std::nullopt;
    return std::make_pair(colon + 1, at - colon - 1);
}

std::vector<std::string> secret_values(const Config& config) {
    std::vector<std::string> out;
    const detail::Keys keys(detail::backend_key_defs(config.queue.backend_specs), false);
    for (const detail::KeyDef* def : keys.all())
        if (keys.secret(*def)) add(out, def->show(config));
    for (const auto& instance : config.instances) {
        add(out, instance.connection.password);
        add(out, instance.connection.basic_auth_password);
    }
    std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace qbt::config
