#include "cli/config_check.hpp"

#include "config/config_loader.hpp"
#include "webapi/url.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace qbt::cli {

namespace {

namespace fs = std::filesystem;

class Findings {
public:
    explicit Findings(const config::Config& config) : config_(config) {}
    void error(const std::string& key, const std::string& text, const std::string& where = "") { add(true, key, text, where); }
    void warn(const std::string& key, const std::string& text, const std::string& where = "") { add(false, key, text, where); }
    std::vector<ConfigFinding> take() { return std::move(list_); }

private:
    void add(bool is_error, const std::string& key, const std::string& text, const std::string& where) {
        auto source = config_.sources.find(key);
        list_.push_back({is_error, key, !where.empty() ? where : source == config_.sources.end() ? "default" : source->second,
                         text});
    }
    const config::Config& config_;
    std::vector<ConfigFinding> list_;
};

// Why `url` is not a usable qBittorrent address ("" when it is): http(s), a host, a port
// of 1-65535 when one is given, no query or fragment.
std::string url_problem(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "is not a URL (expected http://host:port)";
    std::string scheme = url.substr(0, scheme_end);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (scheme != "http" && scheme != "https") return "scheme '" + scheme + "' is not http or https";
    if (url.find_first_of("?# \t\r\n") != std::string::npos) return "must not contain a query, fragment or spaces";
    const size_t start = scheme_end + 3;
    std::string authority = url.substr(start, url.find('/', start) - start);
    if (const auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
    std::string host = authority, port;
    if (!authority.empty() && authority[0] == '[') {  // [IPv6]:port
        const auto close = authority.find(']');
        if (close == std::string::npos) return "has an unclosed '[' in its host";
        host = authority.substr(0, close + 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return "has text after its IPv6 host";
            port = authority.substr(close + 2);
        }
    } else if (const auto colon = authority.find(':'); colon != std::string::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (port.empty()) return "has an empty port after ':'";
    }
    if (host.empty() || host == "[]") return "has no host";
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
            return "port '" + port + "' is not a number";
        if (const int n = std::stoi(port); n < 1 || n > 65535) return "port " + port + " is not in 1-65535";
    }
    return "";
}

void check_instances(const config::Config& config, Findings& out) {
    const bool listed = config.sources.count("qbittorrent.instances") > 0;
    for (const auto& instance : config.instances) {
        const std::string prefix = listed ? "qbittorrent.instances[" + instance.name + "]." : "qbittorrent.";
        const std::string where = listed ? instance.source : "";
        const auto& c = instance.connection;
        if (const std::string why = url_problem(c.host); !why.empty())
            out.error(prefix + "host", "'" + webapi::without_credentials(c.host) + "' " + why, where);
        if (c.username.empty()) out.error(prefix + "username", "is not set (qBittorrent's Web UI user)", where);
        if (c.password.empty())
            out.warn(prefix + "password",
                     "is not set (also not through QBT_RULES_QBITTORRENT_PASSWORD_FILE): fine only when qBittorrent "
                     "skips authentication for this server's address",
                     where);
        if (!c.basic_auth_username.empty() && c.basic_auth_password.empty())
            out.warn(prefix + "basic_auth_password", "is not set although basic_auth_username is", where);
        if (!c.ca_file.empty() && access(c.ca_file.c_str(), R_OK) != 0)
            out.error(prefix + "ca_file", "'" + c.ca_file + "' cannot be read", where);
    }
}

void check_keys(const config::Config& config, Findings& out) {
    const std::string& key = config.server.api_key;
    if (key.empty())
        out.error("server.api_key", "is not set: the server refuses to start (set it, QBT_RULES_SERVER_API_KEY or "
                                    "QBT_RULES_SERVER_API_KEY_FILE)");
    else if (key == config::kPlaceholderApiKey)
        out.error("server.api_key", "is still the placeholder of the default config: the server refuses to start");
    else if (key.size() < kShortApiKey)
        out.warn("server.api_key", "is short (" + std::to_string(key.size()) + " characters): use " +
                                       std::to_string(kShortApiKey) + " or more random characters");
    if (!config.server.trigger_key.empty() && config.server.trigger_key.size() < kShortApiKey)
        out.warn("server.trigger_key", "is short (" + std::to_string(config.server.trigger_key.size()) +
                                           " characters): use " + std::to_string(kShortApiKey) + " or more");
}

void check_queue(const config::Config& config, const plugin::Registry& registry, Findings& out) {
    const std::string& backend = config.queue.backend;
    if (!registry.find_queue_backend(backend).descriptor) {
        std::string known;
        for (const auto& name : registry.queue_backend_names()) known += (known.empty() ? "" : ", ") + name;
        out.error("queue.backend", "'" + backend + "' is not provided by any loaded plugin (loaded: " +
                                       (known.empty() ? "none" : known) + ")");
        return;
    }
    for (const auto& spec : config.queue.backend_specs) {
        const auto value = config::queue_setting_text(config.queue, spec.name);
        if (spec.required && (!value || value->empty()))
            out.error("queue." + spec.name, "is required by the " + backend + " backend and not set");
        if (spec.data_path && value && !value->empty()) {
            // The backend creates missing directories: the nearest existing one must be writable.
            std::error_code ec;
            fs::path dir = fs::absolute(*value, ec).parent_path();
            while (!dir.empty() && !fs::exists(dir, ec) && dir != dir.root_path()) dir = dir.parent_path();
            if (!fs::is_directory(dir, ec) || access(dir.c_str(), W_OK | X_OK) != 0)
                out.error("queue." + spec.name, "'" + *value + "' cannot be created: '" + dir.string() +
                                                     "' is not a writable directory");
        }
    }
}

void check_files(const config::Config& config, Findings& out) {
    for (const std::string& dir : config.plugins.dirs) {
        std::error_code ec;
        if (!fs::exists(dir, ec)) {
            if (config.sources.count("plugins.dirs")) out.warn("plugins.dirs", "'" + dir + "' does not exist");
        } else if (!fs::is_directory(dir, ec) || access(dir.c_str(), R_OK | X_OK) != 0) {
            out.error("plugins.dirs", "'" + dir + "' is not a readable directory");
        }
    }
    if (access(config.rules.file.c_str(), R_OK) != 0) {
        // From access() itself: fs::exists() would throw where a directory above is unreadable.
        const int why = errno;
        const std::string reason = why == ENOENT ? "no such file" : why == EACCES ? "permission denied" : std::strerror(why);
        out.error("rules.file", "'" + config.rules.file + "' cannot be read (" + reason + ")");
    }
}

}  // namespace

std::string ConfigFinding::to_string() const {
    return std::string(error ? "error: " : "warning: ") + key + " (" + where + "): " + text;
}

std::vector<ConfigFinding> check_config(const config::Config& config, const plugin::Registry& registry) {
    Findings out(config);
    check_instances(config, out);
    check_keys(config, out);
    check_queue(config, registry, out);
    check_files(config, out);
    return out.take();
}

}  // namespace qbt::cli
