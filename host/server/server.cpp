#include "server/server.hpp"

#include "server/routes.hpp"
#include "server/size_guarded_handler.hpp"
#include "server/validation.hpp"

#include "queue/job.hpp"
#include "queue/submit.hpp"

#include <fcntl.h>
#include <pistache/endpoint.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace qbt::server {
namespace {

worker::WorkerOptions worker_options(const ServerDeps& deps, const ServerOptions& options,
                                     metrics::ServerMetrics* metrics, worker::GroupMember* group) {
    const config::Config& config = deps.config;
    worker::WorkerOptions w;
    w.housekeeping = deps.housekeeping;
    w.worker_id = config.queue.server_id;
    if (group) {  // several servers on one queue: jobs run under instance leases
        w.group = &group->queue();
        w.lease = group->lease();
        w.worker_id = group->server_id();
    }
    w.metrics = metrics;
    const double poll = std::max(0.01, config.queue.poll_interval_seconds);
    w.poll_interval = std::chrono::milliseconds(static_cast<int64_t>(std::llround(poll * 1000)));
    w.cleanup_after = std::chrono::seconds(config.queue.cleanup_after_seconds);
    // Hourly, or every cleanup_after when that is shorter: else a short retention still keeps
    // up to an hour of finished jobs (found by bench/soak).
    w.cleanup_interval = std::min(w.cleanup_interval, std::max(w.cleanup_after, std::chrono::seconds(10)));
    w.stop_grace = options.stop_grace;
    w.stuck_after = options.stuck_after;
    w.instances = config.instance_names();
    w.metadata.bound = std::chrono::milliseconds(std::llround(config.engine.metadata_wait_seconds * 1000));
    return w;
}

}  // namespace

void check_api_key(const config::ServerConfig& server) {
    if (server.api_key.empty()) {
        throw std::runtime_error(
            "server.api_key is not set: the server refuses to start without an API key. Set "
            "QBT_RULES_SERVER_API_KEY (or QBT_RULES_SERVER_API_KEY_FILE) or server.api_key in config.yml "
            "to a long random string");
    }
    if (server.api_key == config::kPlaceholderApiKey) {
        throw std::runtime_error(
            "server.api_key is still the placeholder from config.default.yml: set it to a long random "
            "string (for example the output of `openssl rand -hex 32`)");
    }
}

Server::Server(ServerDeps deps, ServerOptions options)
    : deps_(deps),
      group_(worker::GroupMember::create(deps.registry, deps.config)),
      worker_(deps.queue, deps.runner, worker_options(deps, options, &metrics_, group_.get())),
      api_{deps, worker_, std::chrono::steady_clock::now()} {
    api_.metrics = &metrics_;
    scheduler_ = make_scheduler(options);  // checks every cron before anything starts
    api_.scheduler = scheduler_.get();
    committer_ = std::make_unique<ExecuteCommitter>(deps.queue, deps.config.queue.coalesce);
    api_.execute_committer = committer_.get();
    if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::runtime_error(std::string("cannot create the server's stop pipe: ") + std::strerror(errno));
    }
}

Server::~Server() {
    if (started_) {
        request_stop();
        wait();
    }
    for (int fd : wake_pipe_) {
        if (fd >= 0) close(fd);
    }
}

void Server::start() {
    if (started_) throw std::logic_error("Server::start() called twice");
    const config::ServerConfig& cfg = deps_.config.server;
    check_api_key(cfg);

    // In a group only jobs whose lease expired are orphans: a live peer's job is left alone.
    const int recovered = group_ ? group_->recover_expired() : deps_.queue.recover_orphans(deps_.config.queue.max_attempts);
    if (recovered > 0) spdlog::warn("recovered {} job(s) left processing by a previous run", recovered);

    committer_->start();
    auto endpoint = std::make_unique<Pistache::Http::Endpoint>(
        Pistache::Address(cfg.host, Pistache::Port(static_cast<uint16_t>(cfg.port))));
    auto opts = Pistache::Http::Endpoint::options()
                    .threads(std::max(1, cfg.workers))
                    .flags(Pistache::Tcp::Options::ReuseAddr)
                    .maxRequestSize(static_cast<size_t>(std::max<int64_t>(4096, cfg.max_request_bytes)));
    endpoint->init(opts);
    auto router = std::make_shared<Pistache::Rest::Router>();
    install_routes(*router, api_);
    endpoint->setHandler(std::make_shared<SizeGuardedHandler>(router));
    try {
        // serveThreaded() binds by itself (Pistache 0.0.5): a bind() before it would bind twice.
        endpoint->serveThreaded();
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot listen on " + cfg.host + ":" + std::to_string(cfg.port) + ": " +
                                 e.what() + " (is another qbt-rules server using this port? set server.port)");
    }
    port_ = static_cast<uint16_t>(endpoint->getPort());
    endpoint_ = std::move(endpoint);
    started_ = true;
    api_.started_at = std::chrono::steady_clock::now();
    worker_.start();
    if (group_) group_->start([this] { return worker::heartbeat_info(worker_, deps_.config.instance_names()); });
    if (scheduler_) {
        scheduler_->start();
        spdlog::info("scheduler started with {} entr{} (local time zone)", scheduler_->size(),
                     scheduler_->size() == 1 ? "y" : "ies");
    }
    spdlog::info("qbt-rules server listening on {}:{} ({} HTTP thread(s), queue {})", cfg.host, port_,
                 std::max(1, cfg.workers), deps_.queue.backend_name());
}

int Server::port() const { return port_; }

std::unique_ptr<schedule::Scheduler> Server::make_scheduler(const ServerOptions& options) {
    const config::Config& config = deps_.config;
    if (config.schedule.empty()) return nullptr;
    for (size_t i = 0; i < config.schedule.size(); ++i) {
        const auto& entry = config.schedule[i];
        try {
            if (entry.context) validate_context(*entry.context);
        } catch (const std::exception& e) {
            throw std::runtime_error("schedule[" + std::to_string(i) + "] (" + entry.source + "): " + e.what());
        }
    }
    auto submit = [this](const config::ScheduleEntry& entry) {
        // instance "all": one job per configured instance (the loader checked the names).
        std::vector<std::string> instances{entry.instance};
        if (entry.instance == config::kAllInstances) instances = deps_.config.instance_names();
        std::string ids;
        for (const std::string& instance : instances) {
            queue::Job job;
            job.job_id = queue::new_job_id();
            job.context = entry.context;
            job.instance = instance;
            job.status = "pending";
            job.created_at = queue::now_iso();
            job.dry_run = entry.dry_run || deps_.config.engine.dry_run;
            job.extra_json["trigger"] = "\"schedule\"";
            const queue::Submitted submitted = queue::submit_job(deps_.queue, job, deps_.config.queue.coalesce);
            metrics_.record_submitted("schedule", submitted.coalesced);
            ids += (ids.empty() ? "" : ", ") + submitted.job.job_id +
                   (submitted.coalesced ? " (coalesced into this pending job)" : "");
        }
        return ids;
    };
    schedule::SchedulerOptions scheduler_options;
    scheduler_options.state_file =
        options.schedule_state_file.empty() ? schedule::default_state_file(config, deps_.queue.local_state_dir())
                                            : options.schedule_state_file;
    scheduler_options.now = options.schedule_clock;
    if (group_)  // a slot fires once per group, not once per server
        scheduler_options.claim = [this](const std::string& key, std::time_t slot) { return group_->claim_slot(key, slot); };
    try {
        return std::make_unique<schedule::Scheduler>(config.schedule, submit, scheduler_options);
    } catch (const schedule::CronError& e) {
        throw std::runtime_error(std::string("invalid schedule: ") + e.what());
    }
}

void Server::request_stop() {
    stop_requested_.store(true);
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(wake_pipe_[1], &byte, 1);
}

void Server::wait() {
    while (!stop_requested_.load()) {
        pollfd pfd{wake_pipe_[0], POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 1000);
        if (ready < 0 && errno != EINTR) break;
    }
    std::lock_guard lock(shutdown_mutex_);
    if (shut_down_ || !started_) return;
    shut_down_ = true;
    spdlog::info("qbt-rules server stopping: no new requests; finishing the current job");
    committer_->stop();  // answers what it holds; later requests store in their HTTP thread
    endpoint_->shutdown();
    if (scheduler_) scheduler_->stop();
    stopped_cleanly_ = worker_.stop();
    if (group_) group_->stop();
    spdlog::info("qbt-rules server stopped{}", stopped_cleanly_ ? "" : " (a job was left for recovery)");
}

}  // namespace qbt::server
