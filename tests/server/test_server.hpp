// An in-process qbt-rules server for tests: the real JobQueue over the real SQLite plugin in
// a temporary directory (the Redis plugin when a tweak sets queue.backend to "redis"), a
// scriptable fake JobRunner, bound to 127.0.0.1 on a free port.
#pragma once

#include "config/config.hpp"
#include "engine/job_runner.hpp"
#include "plugin/plugin_host.hpp"
#include "queue/job_queue.hpp"
#include "server/server.hpp"
#include "temp_dir.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qbt::testing {

inline constexpr const char* kApiKey = "test-api-key-0123456789abcdef";
inline constexpr const char* kTriggerKey = "test-trigger-key-fedcba9876543210";

// Behaviour by context: "fail" -> !ok, "throw" -> throws, "block" -> waits for release(),
// "bad-result" -> ok with a non-object result, anything else -> ok {"context": ...}.
class FakeRunner : public engine::JobRunner {
public:
    engine::JobOutcome run(const engine::JobRequest& request) override;
    std::vector<engine::JobRequest> calls() const;
    void release();  // lets every current and future "block" job finish
    bool wait_for_calls(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    std::vector<engine::JobRequest> calls_;
    bool released_ = false;
};

// Loads the built-in SQLite queue plugin (QBT_RULES_PLUGINS_BUILTIN_DIR).
std::unique_ptr<plugin::PluginHost> load_sqlite_plugin();
// Loads the built-in queue plugin of that backend ("sqlite", "redis").
std::unique_ptr<plugin::PluginHost> load_queue_plugin(const std::string& backend);

// Config for a test server on 127.0.0.1, port 0, with the test keys.
config::Config test_config(const std::string& dir);

class TestServer {
public:
    explicit TestServer(std::function<void(config::Config&)> tweak = {}, server::ServerOptions options = {});
    ~TestServer();

    void start() { server->start(); }
    std::string url(const std::string& path_and_query) const;

    TempDir dir;
    config::Config config;
    std::unique_ptr<plugin::PluginHost> plugins;
    std::unique_ptr<queue::JobQueue> queue;
    FakeRunner runner;
    std::string rules_problem;  // what the server's rules_problem() reports
    std::unique_ptr<server::Server> server;
};

// Polls `done` every 10 ms until true or the timeout passes.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace qbt::testing
