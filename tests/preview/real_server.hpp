// An in-process qbt-rules server wired as --serve wires it, for preview and audit tests:
// the built-in plugins, the SQLite queue in a temporary directory, the real Engine over
// a given WebApi (a QbtLab's CurlWebApi, or a fake), the Previewer, on 127.0.0.1.
#pragma once

#include "engine/engine.hpp"
#include "engine/previewer.hpp"
#include "plugin/plugin_host.hpp"
#include "queue/job_queue.hpp"
#include "server/server.hpp"
#include "temp_dir.hpp"

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <string>

namespace qbt::testing {

// Every built-in plugin, loaded once per process.
plugin::PluginHost& builtin_plugins();

class RealServer {
public:
    // Throws when `rules_yaml` does not load. `plugins`: nullptr = builtin_plugins().
    RealServer(webapi::WebApi& api, const std::string& rules_yaml,
               std::chrono::milliseconds preview_timeout = std::chrono::seconds(30),
               plugin::PluginHost* plugins = nullptr);
    ~RealServer();

    std::string url(const std::string& path_and_query) const;
    // Queues a job over HTTP and waits (up to 60 s) until it is completed or failed; its id.
    std::string run_job(const std::string& query = "");

    TempDir dir;
    config::Config config;
    std::unique_ptr<queue::JobQueue> queue;
    std::shared_ptr<const rules::RuleSet> rules;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<engine::Previewer> previewer;
    std::unique_ptr<server::Server> server;
};

// GET/POST with the test API key; the parsed JSON body (a test failure when not JSON).
rapidjson::Document get_json(const std::string& url, long* code = nullptr);
rapidjson::Document post_json(const std::string& url, const std::string& body, long* code = nullptr,
                              const std::string& content_type = "application/json", bool with_key = true);

}  // namespace qbt::testing
