#include "real_server.hpp"

#include "plugin/builtin_plugins.hpp"
#include "rules/rules_loader.hpp"
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <stdexcept>
#include <thread>

namespace qbt::testing {

plugin::PluginHost& builtin_plugins() {
    static plugin::PluginHost* host = plugin::load_builtin_plugins().release();  // never unloaded (plugin-abi.md)
    return *host;
}

RealServer::RealServer(webapi::WebApi& api, const std::string& rules_yaml, std::chrono::milliseconds preview_timeout,
                       plugin::PluginHost* given_plugins)
    : config(test_config(dir.path().string())) {
    plugin::PluginHost& plugins = given_plugins ? *given_plugins : builtin_plugins();
    rules::LoadResult loaded = rules::load_rules_text(rules_yaml, "rules.yml", plugins.registry());
    if (!loaded.ok()) throw std::runtime_error("test rules do not load: " + loaded.errors.front().to_string());
    rules = loaded.rules;
    queue = std::make_unique<queue::JobQueue>(plugins.registry(), config.queue);
    engine::EngineOptions options;
    options.host_table = [&plugins](const plugin::LoadedPlugin* p) { return plugins.host_table_for(p); };
    auto provider = [this] { return rules; };
    engine = std::make_unique<engine::Engine>(provider, api, plugins.registry(), options);
    previewer = std::make_unique<engine::Previewer>(*engine, provider, plugins.registry(), preview_timeout);
    server = std::make_unique<server::Server>(
        server::ServerDeps{config, plugins.registry(), *queue, *engine, [] { return std::string(); }, previewer.get()});
    server->start();
}

RealServer::~RealServer() {
    server.reset();
    previewer.reset();
}

std::string RealServer::url(const std::string& path_and_query) const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + path_and_query;
}

std::string RealServer::run_job(const std::string& query) {
    long code = 0;
    auto queued = post_json(url("/api/execute" + query), "", &code);
    if (code != 202 || !queued.HasMember("job_id")) throw std::runtime_error("execute answered " + std::to_string(code));
    const std::string id = queued["job_id"].GetString();
    for (int i = 0; i < 600; ++i) {
        auto job = get_json(url("/api/jobs/" + id));
        const std::string status = job.HasMember("status") ? job["status"].GetString() : "";
        if (status == "completed" || status == "failed") return id;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("job " + id + " did not finish in 60 s");
}

rapidjson::Document get_json(const std::string& url, long* code) {
    HttpResult r = http_request("GET", url, "", {std::string("X-API-Key: ") + kApiKey});
    if (code) *code = r.code;
    return parse_json(r.body);
}

rapidjson::Document post_json(const std::string& url, const std::string& body, long* code,
                              const std::string& content_type, bool with_key) {
    std::vector<std::string> headers;
    if (with_key) headers.push_back(std::string("X-API-Key: ") + kApiKey);
    if (!body.empty()) headers.push_back("Content-Type: " + content_type);
    HttpResult r = http_request("POST", url, body, headers);
    if (code) *code = r.code;
    return parse_json(r.body);
}

}  // namespace qbt::testing
