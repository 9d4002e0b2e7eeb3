// The resolved configuration: every key after applying, highest first,
// CLI > *_FILE env > env > config.yml > defaults (see config/config.default.yml).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qbt::config {

// The api_key shipped in config/config.default.yml; the server refuses to start with it.
inline constexpr const char* kPlaceholderApiKey = "change-me-to-a-long-random-string";

struct ServerConfig {
    std::string host = "0.0.0.0";
    int port = 5000;
    std::string api_key;      // secret
    std::string trigger_key;  // secret; may only POST /api/execute
    int workers = 1;          // HTTP threads (the job worker is always single)
    int64_t max_request_bytes = 65536;
};

// A `queue` key the selected queue backend declares it reads (ABI 1.2 qbt_queue_setting,
// converted by the queue layer): loaded like the host's own keys once the plugins are.
struct BackendSettingSpec {
    enum class Kind { Text, Path, Integer, Number, Boolean };
    std::string name;  // under `queue:`, e.g. "sqlite_path"
    Kind kind = Kind::Text;
    bool secret = false;
    bool required = false;   // must have a value (set, or its default)
    bool data_path = false;  // the file the backend keeps its data in on this machine
    std::optional<std::string> default_value;  // PATH: relative to the config dir
    std::string description;
};

struct QueueConfig {
    std::string backend = "sqlite";
    std::string sqlite_path = "/config/qbt-rules.db";
    std::string sqlite_synchronous = "normal";  // normal | full
    std::string redis_url = "redis://localhost:6379/0";  // may hold a password: secret
    int64_t cleanup_after_seconds = 7 * 86400;
    double poll_interval_seconds = 1.0;
    int max_attempts = 2;  // a job orphaned in "processing" is re-run until this many starts
    bool coalesce = false;  // a request identical to a pending job returns that job
    // Several servers on one queue (a backend with group support, e.g. Redis): how long an
    // instance lease lasts unless renewed (renewed every third of it while a job runs), and
    // this server's id in the group ("" = <hostname>:<pid>).
    double lease_seconds = 30;
    std::string server_id;
    // The selected backend's declared settings (LoadOptions::backend_settings) and the
    // values of those the host's own keys above do not hold, as text (defaults applied).
    std::vector<BackendSettingSpec> backend_specs;
    std::map<std::string, std::string> backend_values;
};

struct ClientConfig {
    std::string server_url = "http://localhost:5000";
    std::string api_key;  // secret
};

struct QbittorrentConfig {
    std::string host = "http://localhost:8080";  // may include a path prefix
    std::string username = "admin";
    std::string password;  // secret
    bool verify_tls = true;
    std::string ca_file;
    std::string basic_auth_username;
    std::string basic_auth_password;  // secret
    double connect_timeout_seconds = 10;
    double timeout_seconds = 60;
    int max_concurrency = 8;  // parallel per-torrent calls
    // qBittorrent path prefix -> the same place as this server sees it (Docker volumes);
    // longest prefix wins, whole path components only; empty = paths are the same.
    std::map<std::string, std::string> path_map;
    // false: an instance on another machine, left out of the file-usage index (issue 15).
    bool shares_disk = true;
};

// One qBittorrent instance: `qbittorrent.instances: [{name, host, ...}]`, or the single
// `qbittorrent.host` form, which is one instance named "default".
inline constexpr const char* kDefaultInstance = "default";
inline constexpr const char* kAllInstances = "all";  // reserved: "every instance" in requests

struct QbittorrentInstance {
    std::string name;               // [a-z0-9_-], 1..32 characters, unique, never "all"
    QbittorrentConfig connection;   // every per-connection setting of the single form
    std::string source;             // where it was declared ("config.yml:7", "env ...", "default")
};

struct RulesConfig {
    std::string file = "/config/rules.yml";
};

struct LoggingConfig {
    std::string level = "INFO";  // TRACE DEBUG INFO WARNING ERROR
    std::string file;            // empty = stderr only
    bool trace_mode = false;     // source locations in log lines
    bool http_access = false;    // HTTP access log
};

// engine.orphans: the reserved `orphans` job context (files no torrent uses).
struct OrphansConfig {
    double grace_seconds = 3600;        // younger files are never orphans
    std::vector<std::string> exclude;   // globs on the path (beyond the built-in ones)
    int max = 1000;                     // listed (and acted on) per job
    std::string action = "report";      // report | recycle | delete
};

// engine.recycle_bin: deleted torrents' data is moved into `dir` (off when empty) and
// kept `keep_seconds` before the worker empties it.
struct RecycleBinConfig {
    std::string dir;
    int64_t keep_seconds = 30 * 86400;
};

struct EngineConfig {
    bool dry_run = false;
    int max_deletes_per_job = 50;
    double preview_timeout_seconds = 30;  // POST /api/preview answers 504 past this
    // How long a job for one torrent without metadata yet (a magnet) waits for it when its
    // rules read fields that need it (files.* ...): deferred with backoff, then run without
    // those rules. 0 = never wait (issue 19).
    double metadata_wait_seconds = 600;
    // Tracker messages (case-insensitive substrings) meaning "unregistered", beyond the
    // built-in list (engine/tracker_status.cpp).
    std::vector<std::string> unregistered_messages;
    OrphansConfig orphans;
    RecycleBinConfig recycle_bin;
};

struct MetricsConfig {
    bool public_access = false;  // metrics.public: GET /metrics without the API key
    // metrics.enabled (qbt-rules 0.6's key): false makes GET /metrics answer 404, unless
    // metrics.public is true (our own key asks for metrics outright and wins). Default true:
    // this server always served /metrics.
    bool enabled = true;
    std::string multiproc_dir;  // 0.6's gunicorn directory: accepted, ignored (one info line)
};

// notifications: defaults for the `notify` action when a rule omits params.url/service
// (qbt-rules 0.6); handed to the notify plugin as its config (config/plugin_sections.hpp).
struct NotificationsConfig {
    std::string webhook_url;           // secret: usually embeds a token
    std::string service = "generic";   // discord | slack | ntfy | generic
};

// integrations.<sonarr|radarr>: where the `arr_blocklist` action finds each service.
struct ArrServiceConfig {
    std::string url;
    std::string api_key;  // secret
};
struct IntegrationsConfig {
    ArrServiceConfig sonarr;
    ArrServiceConfig radarr;
};

// One entry of the top-level `schedule:` list (or QBT_RULES_SCHEDULE_<N>_*).
struct ScheduleEntry {
    std::string cron;                    // 5-field cron, server's local time
    std::optional<std::string> context;  // the job's context
    bool dry_run = false;
    std::string source;                  // "config.yml:12", "env QBT_RULES_SCHEDULE_1_CRON"
    // Last, so brace-initialised entries {cron, context, dry_run, source} keep their meaning.
    std::string instance = kDefaultInstance;  // an instance name, or "all" (one job per instance)
};

struct PluginsConfig {
    std::vector<std::string> dirs = {"/plugins"};
    std::string builtin_dir;  // empty = next to the executable's build tree, else install dir
    bool probe = true;        // probe user plugins in a forked child first
    std::map<std::string, std::string> config_json;  // plugin id -> its section as JSON
};

struct Config {
    std::string config_dir = "/config";
    std::string config_file;  // resolved path of config.yml actually read ("" if none)
    ServerConfig server;
    QueueConfig queue;
    ClientConfig client;
    QbittorrentConfig qbittorrent;  // the single form; with `instances:` a copy of the first one
    // Never empty after load_config: the single form gives [{"default", qbittorrent}].
    std::vector<QbittorrentInstance> instances;
    RulesConfig rules;
    LoggingConfig logging;
    EngineConfig engine;
    PluginsConfig plugins;
    MetricsConfig metrics;
    NotificationsConfig notifications;
    IntegrationsConfig integrations;
    std::vector<ScheduleEntry> schedule;
    // Where each key's value came from ("default", "config.yml:12", "env QBT_RULES_...",
    // "file /run/secrets/x", "cli --server-port"), for --show-config and error messages.
    std::map<std::string, std::string> sources;
    // Problems that do not stop the load (unknown QBT_RULES_* environment names), one
    // sentence each; logged as warnings at start-up.
    std::vector<std::string> warnings;
    // Facts worth one info line at start-up (a 0.6 key accepted and ignored).
    std::vector<std::string> notices;

    // The configured instance names, in declaration order. A Config built in code with no
    // `instances` (tests) is the single form: {"default"}.
    std::vector<std::string> instance_names() const {
        if (instances.empty()) return {kDefaultInstance};
        std::vector<std::string> names;
        for (const auto& instance : instances) names.push_back(instance.name);
        return names;
    }
    bool has_instance(const std::string& name) const {
        for (const auto& configured : instance_names())
            if (configured == name) return true;
        return false;
    }
    // nullptr when no instance has this name.
    const QbittorrentInstance* find_instance(const std::string& name) const {
        for (const auto& instance : instances)
            if (instance.name == name) return &instance;
        return nullptr;
    }
};

}  // namespace qbt::config
