// Several qBittorrent instances: one authenticated Web API client (its own session and
// login) and one Engine per configured instance. A job runs on the engine of its
// `instance`; plugin actions of that job get that engine's client, so their qbt_request
// calls reach the same instance.
#pragma once

#include "config/config.hpp"
#include "engine/engine.hpp"
#include "webapi/curl_web_api.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qbt::engine {

class InstanceEngines : public JobRunner {
public:
    InstanceEngines(const std::vector<config::QbittorrentInstance>& instances, RulesProvider rules,
                    const plugin::Registry& registry, const EngineOptions& options);

    // Never throws; a job for an instance that is not configured fails, naming it.
    JobOutcome run(const JobRequest& request) override;

    Engine* engine(const std::string& instance);          // nullptr when not configured
    webapi::CurlWebApi* api(const std::string& instance);  // nullptr when not configured
    std::vector<std::string> names() const;
    // {"<name>": {"version": "v5.1.0", "webapi_version": "2.11.4"}, ...} in configuration
    // order; nulls until the instance's first job (or preview) asked it. Makes no call.
    std::string versions_json() const;
    // Calls fn(name, api) for each instance (e.g. to attach metrics observers).
    void for_each_api(const std::function<void(const std::string&, webapi::CurlWebApi&)>& fn);

private:
    struct Entry {
        std::string name;
        std::unique_ptr<webapi::CurlWebApi> api;
        std::unique_ptr<Engine> engine;
    };
    Entry* find(const std::string& instance);
    std::vector<Entry> entries_;
};

}  // namespace qbt::engine
