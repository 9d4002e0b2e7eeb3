// --serve: with the plugins run() loaded, open the queue, load the rules, start the HTTP API and the
// worker, and stop gracefully on SIGTERM/SIGINT.
#include "cli/disk_check.hpp"
#include "cli/modes.hpp"
#include "cleanup/bin_listing.hpp"
#include "cleanup/bin_recovery.hpp"
#include "config/config_loader.hpp"
#include "config/secret_values.hpp"
#include "engine/engine.hpp"
#include "engine/instance_engines.hpp"
#include "engine/previewer.hpp"
#include "rules/reloading_rules.hpp"
#include "rules/rules_json.hpp"
#include "webapi/curl_web_api.hpp"
#include "queue/job_queue.hpp"
#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace qbt::cli {

namespace {
// Block the stop signals in every thread (threads inherit the mask) so one waiter
// thread can take them with sigwait().
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}
}  // namespace

void block_stop_signals() {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int serve(const config::Config& cfg, plugin::PluginHost& plugins) {
    if (cfg.server.api_key.empty() || cfg.server.api_key == config::kPlaceholderApiKey) {
        spdlog::critical("refusing to start: {} (set server.api_key in config.yml, QBT_RULES_SERVER_API_KEY or "
                         "QBT_RULES_SERVER_API_KEY_FILE)",
                         cfg.server.api_key.empty() ? "no API key is configured"
                                                    : "the API key is still the placeholder of the default config");
        return 2;
    }
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const auto& registry = plugins.registry();  // loaded by run() before any thread started
    if (!registry.find_queue_backend(cfg.queue.backend).descriptor) {
        std::string known;
        for (const auto& name : registry.queue_backend_names()) known += (known.empty() ? "" : ", ") + name;
        spdlog::critical("refusing to start: queue.backend '{}' is not provided by any loaded plugin (loaded: {})",
                         cfg.queue.backend, known.empty() ? "none" : known);
        return 2;
    }
    queue::JobQueue queue(registry, cfg.queue);
    // A rule naming an instance that is not configured is a load error (a typo must not
    // silently disable it).
    rules::ReloadingRules rules(cfg.rules.file, registry, cfg.instance_names());
    rules.current();  // load now so problems show at start
    for (const auto& line : check_disk(cfg, rules.current().get()).lines()) spdlog::warn("{}", line);

    // engine.recycle_bin: deleted data goes there (off while dir is empty).
    std::unique_ptr<disk::RecycleBin> bin;
    if (!cfg.engine.recycle_bin.dir.empty())
        bin = std::make_unique<disk::RecycleBin>(cfg.engine.recycle_bin.dir,
                                                 std::chrono::seconds(cfg.engine.recycle_bin.keep_seconds));
    engine::InstanceEngines* all_engines = nullptr;  // set below: cross-seed groups and restores reach every instance
    engine::EngineOptions engine_options;
    engine_options.dry_run_default = cfg.engine.dry_run;
    engine_options.max_deletes_per_job = cfg.engine.max_deletes_per_job;
    engine_options.unregistered_messages = cfg.engine.unregistered_messages;
    engine_options.orphans = cfg.engine.orphans;
    engine_options.host_table = [&plugins](const plugin::LoadedPlugin* p) { return plugins.host_table_for(p); };
    engine_options.audit_secrets = config::secret_values(cfg);  // masked in actions' audit notes
    engine_options.recycle_bin = bin.get();
    if (bin) engine_options.orphan_exclude_dirs.push_back(cfg.engine.recycle_bin.dir);  // the bin holds no orphans
    engine_options.api_for = [&all_engines](const std::string& name) -> webapi::WebApi* {
        return all_engines ? all_engines->api(name) : nullptr;
    };
    // One qBittorrent client (own session) and engine per configured instance.
    engine::InstanceEngines engines(cfg.instances, [&rules] { return rules.current(); }, registry, engine_options);
    all_engines = &engines;
    if (bin)  // what a kill -9 left in the middle of a recycle or restore
        for (const std::string& line : cleanup::recover_bin(*bin, engine_options.api_for))
            spdlog::warn("recycle bin: {}", line);
    // Live previews: the request's instance's engine in dry-run, one at a time, bounded by
    // engine.preview_timeout.
    engine::Previewer previewer([&engines](const std::string& name) { return engines.engine(name); },
                                [&rules] { return rules.current(); }, registry,
                                std::chrono::milliseconds(static_cast<int64_t>(cfg.engine.preview_timeout_seconds * 1000)));

    std::unique_ptr<server::Server> server_owner;
    try {
        // Checks the schedule (cron syntax, contexts) before anything listens.
        server::ServerDeps deps{cfg, registry, queue, engines, [&rules] {
                // Look at the file first, so health reflects an edit before the next job.
                rules.current();
                return rules.problem();
            }, &previewer};
        deps.rules_json = [&rules] {
            const auto current = rules.current();
            return current ? rules::rules_to_json(*current) : std::string();
        };
        deps.disk_health = [&cfg, &rules] {
            const auto current = rules.current();
            const DiskCheck check = check_disk(cfg, current.get());
            server::ServerDeps::DiskHealth health{check.to_json(), ""};
            if (check.error()) health.error = check.lines().front() + " (" + check.needed_by.front() + " needs it)";
            return health;
        };
        deps.qbittorrent_versions = [&engines] { return engines.versions_json(); };
        if (bin) {
            deps.recycle_bin_json = [&bin] { return cleanup::bin_listing_json(*bin); };
            deps.recycle_bin_instance = [&bin](const std::string& hash) -> std::optional<std::string> {
                auto entry = bin->newest(hash);
                return entry ? std::optional<std::string>(entry->record.instance) : std::nullopt;
            };
            deps.housekeeping = [&bin] { bin->expire(std::chrono::system_clock::now()); };
        }
        server_owner = std::make_unique<server::Server>(deps);
    } catch (const std::runtime_error& e) {
        spdlog::critical("refusing to start: {}", e.what());
        return 2;
    }
    server::Server& server = *server_owner;
    engines.for_each_api([&metrics = server.metrics()](const std::string&, webapi::CurlWebApi& api) {
        api.set_call_observer([&metrics](const std::string& endpoint, double seconds) {
            metrics.record_qbt_call(endpoint, seconds);
        });
    });
    server.start();
    spdlog::info("qbt-rules listening on {}:{} (queue: {}, rules: {})", cfg.server.host, server.port(),
                 queue.backend_name(), cfg.rules.file);

    std::thread waiter([&server, signals] {
        int signal = 0;
        sigwait(&signals, &signal);
        spdlog::info("received {}, stopping: no new jobs, finishing the current one", strsignal(signal));
        server.request_stop();
    });
    server.wait();
    kill(getpid(), SIGTERM);  // wake the waiter if the server stopped on its own
    waiter.join();
    if (!server.stopped_cleanly()) {
        // The worker is still inside a job: leave now, before the queue and the engine
        // are destroyed under it. The job stays "processing" and is recovered at the
        // next start.
        spdlog::warn("the current job did not finish in time; exiting, it will be recovered at the next start");
        spdlog::shutdown();
        std::_Exit(3);
    }
    spdlog::info("qbt-rules stopped");
    return 0;
}

}  // namespace qbt::cli
