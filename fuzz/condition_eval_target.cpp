// One fuzzed condition (field, operator, YAML value) over fuzzed torrents/info JSON,
// through the real loader and engine in a dry run against a canned Web API.
// Invariants: the engine never throws and never crashes; a job that ran is ok.
#include "core_plugins.hpp"
#include "targets.hpp"

#include "engine/engine.hpp"
#include "rules/rules_loader.hpp"
#include "webapi/web_api.hpp"

#include <cstdlib>
#include <string>

namespace qbt::fuzz {
namespace {

// Answers torrents/info with the fuzzed text and everything else with empty data.
class CannedWebApi : public webapi::WebApi {
public:
    explicit CannedWebApi(std::string torrents) : torrents_(std::move(torrents)) {}
    webapi::Response request(const webapi::Request& r) override {
        if (r.endpoint == "torrents/info") return {200, torrents_};
        if (r.endpoint == "sync/maindata") return {200, "{\"rid\":1,\"torrents\":{}}"};
        if (r.endpoint == "transfer/info" || r.endpoint == "app/preferences" ||
            r.endpoint == "torrents/properties" || r.endpoint == "sync/torrentPeers")
            return {200, "{}"};
        return {200, "[]"};
    }
    std::vector<webapi::Response> request_many(const std::vector<webapi::Request>& requests) override {
        std::vector<webapi::Response> out;
        for (const auto& r : requests) out.push_back(request(r));
        return out;
    }
    webapi::ApiVersion api_version() override { return {2, 8, 19}; }
    std::map<std::string, uint64_t> call_counts() const override { return {}; }

private:
    std::string torrents_;
};

const char* const kFields[] = {"info.name", "info.ratio", "info.size", "info.tags", "info.category",
                               "info.added_on", "info.state", "info.hash", "trackers.url", "files.name",
                               "info.num_seeds", "info.progress", "info.seeding_time", "info.tracker"};
const char* const kOperators[] = {"==", "!=", ">", ">=", "<", "<=", "contains", "not_contains", "matches",
                                  "in", "not_in", "older_than", "newer_than", "larger_than", "smaller_than"};

}  // namespace

int condition_eval_one(const uint8_t* data, size_t size) {
    // Input: <field byte><operator byte><YAML value>\n<torrents/info JSON>
    if (size < 3 || size > 64 * 1024) return 0;
    const std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
    const size_t split = rest.find('\n');
    if (split == std::string::npos) return 0;
    const std::string value = rest.substr(0, split);
    const std::string torrents = rest.substr(split + 1);
    const std::string rules = std::string("rules:\n  - name: fuzzed\n    conditions:\n      - field: ") +
                              kFields[data[0] % std::size(kFields)] + "\n        operator: '" +
                              kOperators[data[1] % std::size(kOperators)] + "'\n        value: " + value +
                              "\n    actions:\n      - type: add_tag\n        params: {tags: [fuzz]}\n";
    auto& plugins = core_plugins();
    const auto loaded = rules::load_rules_text(rules, "fuzz.yml", plugins.registry());
    if (!loaded.ok()) return 0;
    CannedWebApi api(torrents);
    engine::EngineOptions options;
    options.dry_run_default = true;
    options.host_table = [&plugins](const plugin::LoadedPlugin* p) { return plugins.host_table_for(p); };
    engine::Engine engine([&loaded] { return loaded.rules; }, api, plugins.registry(), options);
    engine::JobRequest request;
    request.job_id = "fuzz";
    request.dry_run = true;
    const engine::JobOutcome outcome = engine.run(request);  // never throws, by contract
    if (outcome.ok && outcome.result_json.empty()) std::abort();
    return 0;
}

}  // namespace qbt::fuzz
