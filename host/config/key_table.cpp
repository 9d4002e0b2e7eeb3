#include "config/key_table.hpp"

#include "config/config_loader.hpp"
#include "config/key_builders.hpp"

namespace qbt::config::detail {

namespace {

std::vector<KeyDef> build_table() {
    using S = ServerConfig;
    using Q = QueueConfig;
    using C = ClientConfig;
    using B = QbittorrentConfig;
    using L = LoggingConfig;
    using E = EngineConfig;
    using P = PluginsConfig;
    using O = OrphansConfig;
    using R = RecycleBinConfig;
    constexpr auto server = &Config::server;
    constexpr auto queue = &Config::queue;
    constexpr auto client = &Config::client;
    constexpr auto qbt = &Config::qbittorrent;
    constexpr auto logging = &Config::logging;
    constexpr auto engine = &Config::engine;
    constexpr auto plugins = &Config::plugins;
    constexpr auto orphans = sub(&Config::engine, &EngineConfig::orphans);
    constexpr auto recycle_bin = sub(&Config::engine, &EngineConfig::recycle_bin);
    using A = ArrServiceConfig;
    constexpr auto sonarr = sub(&Config::integrations, &IntegrationsConfig::sonarr);
    constexpr auto radarr = sub(&Config::integrations, &IntegrationsConfig::radarr);
    return {
        text_key("server.host", server, &S::host, NonEmpty::Yes),
        int_key("server.port", server, &S::port, 1, 65535),
        text_key("server.api_key", server, &S::api_key),
        text_key("server.trigger_key", server, &S::trigger_key),
        int_key("server.workers", server, &S::workers, 1, 256),
        size_key("server.max_request_bytes", server, &S::max_request_bytes, 1024,
                 int64_t{1} << 30),

        text_key("queue.backend", queue, &Q::backend, NonEmpty::Yes),
        text_key("queue.sqlite_path", queue, &Q::sqlite_path, NonEmpty::Yes),
        choice_key("queue.sqlite_synchronous", queue, &Q::sqlite_synchronous,
                   {{"normal", "normal"}, {"full", "full"}}),
        text_key("queue.redis_url", queue, &Q::redis_url, NonEmpty::Yes),
        duration_key("queue.cleanup_after", queue, &Q::cleanup_after_seconds, Zero::Allowed),
        duration_key("queue.poll_interval", queue, &Q::poll_interval_seconds, Zero::Rejected),
        int_key("queue.max_attempts", queue, &Q::max_attempts, 1, 100),
        bool_key("queue.coalesce", queue, &Q::coalesce),
        duration_key("queue.lease_seconds", queue, &Q::lease_seconds, Zero::Rejected),
        text_key("queue.server_id", queue, &Q::server_id),

        text_key("client.server_url", client, &C::server_url, NonEmpty::Yes),
        text_key("client.api_key", client, &C::api_key),

        text_key("qbittorrent.host", qbt, &B::host, NonEmpty::Yes),
        text_key("qbittorrent.username", qbt, &B::username),
        text_key("qbittorrent.password", qbt, &B::password),
        bool_key("qbittorrent.verify_tls", qbt, &B::verify_tls),
        text_key("qbittorrent.ca_file", qbt, &B::ca_file),
        text_key("qbittorrent.basic_auth_username", qbt, &B::basic_auth_username),
        text_key("qbittorrent.basic_auth_password", qbt, &B::basic_auth_password),
        duration_key("qbittorrent.connect_timeout", qbt, &B::connect_timeout_seconds,
                     Zero::Rejected),
        duration_key("qbittorrent.timeout", qbt, &B::timeout_seconds, Zero::Rejected),
        int_key("qbittorrent.max_concurrency", qbt, &B::max_concurrency, 1, 64),
        path_map_key("qbittorrent.path_map", qbt, &B::path_map),
        bool_key("qbittorrent.shares_disk", qbt, &B::shares_disk),

        text_key("rules.file", &Config::rules, &RulesConfig::file, NonEmpty::Yes),

        with_aliases(choice_key("logging.level", logging, &L::level,
                                {{"TRACE", "TRACE"},
                                 {"DEBUG", "DEBUG"},
                                 {"INFO", "INFO"},
                                 {"WARNING", "WARNING"},
                                 {"WARN", "WARNING"},
                                 {"ERROR", "ERROR"},
                                 {"CRITICAL", "ERROR"}}),
                     {"QBT_RULES_LOG_LEVEL", "LOG_LEVEL"}),
        with_aliases(text_key("logging.file", logging, &L::file), {"QBT_RULES_LOG_FILE"}),
        with_aliases(bool_key("logging.trace_mode", logging, &L::trace_mode),
                     {"QBT_RULES_LOG_TRACE_MODE", "TRACE_MODE"}),
        with_aliases(bool_key("logging.http_access", logging, &L::http_access),
                     {"QBT_RULES_LOG_HTTP_ACCESS"}),

        with_aliases(bool_key("engine.dry_run", engine, &E::dry_run), {"QBT_RULES_DRY_RUN"}),
        int_key("engine.max_deletes_per_job", engine, &E::max_deletes_per_job, 0, 1000000),
        duration_key("engine.preview_timeout", engine, &E::preview_timeout_seconds, Zero::Rejected),
        duration_key("engine.metadata_wait", engine, &E::metadata_wait_seconds, Zero::Allowed),
        list_key("engine.unregistered_messages", engine, &E::unregistered_messages, ';'),
        duration_key("engine.orphans.grace", orphans, &O::grace_seconds, Zero::Allowed),
        list_key("engine.orphans.exclude", orphans, &O::exclude, ';'),
        int_key("engine.orphans.max", orphans, &O::max, 1, 1000000),
        choice_key("engine.orphans.action", orphans, &O::action,
                   {{"report", "report"}, {"recycle", "recycle"}, {"delete", "delete"}}),
        text_key("engine.recycle_bin.dir", recycle_bin, &R::dir),
        duration_key("engine.recycle_bin.keep", recycle_bin, &R::keep_seconds, Zero::Rejected),

        list_key("plugins.dirs", plugins, &P::dirs),
        text_key("plugins.builtin_dir", plugins, &P::builtin_dir),
        bool_key("plugins.probe", plugins, &P::probe),

        bool_key("metrics.public", &Config::metrics, &MetricsConfig::public_access),
        bool_key("metrics.enabled", &Config::metrics, &MetricsConfig::enabled),
        text_key("metrics.multiproc_dir", &Config::metrics, &MetricsConfig::multiproc_dir),

        // qbt-rules 0.6's notify defaults and Sonarr/Radarr connections (plugin_sections.cpp).
        text_key("notifications.webhook_url", &Config::notifications, &NotificationsConfig::webhook_url),
        choice_key("notifications.service", &Config::notifications, &NotificationsConfig::service,
                   {{"discord", "discord"}, {"slack", "slack"}, {"ntfy", "ntfy"}, {"generic", "generic"},
                    {"webhook", "generic"}}),
        text_key("integrations.sonarr.url", sonarr, &A::url),
        text_key("integrations.sonarr.api_key", sonarr, &A::api_key),
        text_key("integrations.radarr.url", radarr, &A::url),
        text_key("integrations.radarr.api_key", radarr, &A::api_key),
    };
}

}  // namespace

const std::vector<KeyDef>& key_table() {
    static const std::vector<KeyDef> table = build_table();
    return table;
}

const KeyDef* find_key(const std::string& dotted_key) {
    for (const auto& def : key_table())
        if (def.key == dotted_key) return &def;
    return nullptr;
}

Keys::Keys(std::vector<KeyDef> backend, bool defer_queue) : backend_(std::move(backend)), defer_queue_(defer_queue) {}

const KeyDef* Keys::find(const std::string& dotted_key) const {
    if (const KeyDef* def = find_key(dotted_key)) return def;
    for (const auto& def : backend_)
        if (def.key == dotted_key) return &def;
    return nullptr;
}

std::vector<const KeyDef*> Keys::all() const {
    std::vector<const KeyDef*> out;
    for (const auto& def : key_table()) out.push_back(&def);
    for (const auto& def : backend_) out.push_back(&def);
    return out;
}

bool Keys::deferred(const std::string& dotted_key) const {
    return defer_queue_ && dotted_key.rfind("queue.", 0) == 0 && !find(dotted_key);
}

bool Keys::secret(const KeyDef& def) const { return def.secret || is_secret_key(def.key); }

}  // namespace qbt::config::detail
