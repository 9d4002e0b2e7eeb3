#include "test_server.hpp"

#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace qbt::testing {

engine::JobOutcome FakeRunner::run(const engine::JobRequest& request) {
    const std::string context = request.context.value_or("");
    {
        std::unique_lock lock(mutex_);
        calls_.push_back(request);
        cv_.notify_all();
        if (context == "block") cv_.wait(lock, [&] { return released_; });
    }
    if (context == "fail") return {false, "", "rules failed on purpose"};
    if (context == "throw") throw std::runtime_error("runner exploded on purpose");
    if (context == "bad-result") return {true, "[1,2]", ""};
    return {true, "{\"context\":\"" + context + "\",\"total_torrents\":3}", ""};
}

std::vector<engine::JobRequest> FakeRunner::calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
}

void FakeRunner::release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
}

bool FakeRunner::wait_for_calls(size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return calls_.size() >= count; });
}

std::unique_ptr<plugin::PluginHost> load_sqlite_plugin() { return load_queue_plugin("sqlite"); }

std::unique_ptr<plugin::PluginHost> load_queue_plugin(const std::string& backend) {
    plugin::LoaderOptions options;
    options.builtin_dir = plugin::resolve_builtin_dir("");
    options.probe_user_plugins = false;
    auto host = std::make_unique<plugin::PluginHost>(options);
    const std::string path = options.builtin_dir + "/qbt_queue_" + backend + ".so";
    if (!host->load_file(path, true)) throw std::runtime_error("cannot load " + path);
    return host;
}

config::Config test_config(const std::string& dir) {
    config::Config config;
    config.config_dir = dir;
    config.server.host = "127.0.0.1";
    config.server.port = 0;
    config.server.api_key = kApiKey;
    config.server.trigger_key = kTriggerKey;
    config.server.workers = 2;
    config.queue.backend = "sqlite";
    config.queue.sqlite_path = dir + "/qbt-rules.db";
    config.queue.poll_interval_seconds = 0.05;
    config.rules.file = dir + "/rules.yml";
    return config;
}

TestServer::TestServer(std::function<void(config::Config&)> tweak, server::ServerOptions options)
    : config(test_config(dir.path().string())) {
    if (tweak) tweak(config);
    plugins = load_queue_plugin(config.queue.backend);
    queue = std::make_unique<queue::JobQueue>(plugins->registry(), config.queue);
    server = std::make_unique<server::Server>(
        server::ServerDeps{config, plugins->registry(), *queue, runner, [this] { return rules_problem; }},
        options);
}

TestServer::~TestServer() {
    runner.release();  // never leave the worker blocked in a "block" job
    server.reset();
}

std::string TestServer::url(const std::string& path_and_query) const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + path_and_query;
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

}  // namespace qbt::testing
