// Engine micro-bench (Google Benchmark): the default rules over 100,000 synthetic torrents
// held in memory (MemoryWebApi, no HTTP). Per rule: matching only, with every torrent's
// trackers already in the job's cache; parsing the torrents/info body; and whole dry-run
// jobs (parse + trackers answers from memory + evaluation + planning + result JSON).
#include "engine/data_cache.hpp"
#include "engine/engine.hpp"
#include "engine/engine_match.hpp"
#include "engine/evaluator.hpp"
#include "engine/field_matcher.hpp"
#include "rules/rules_loader.hpp"
#include "engine/torrent_store.hpp"
#include "memory_web_api.hpp"
#include "plugin/plugin_host.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <iostream>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::rules;

namespace {

constexpr int kTorrents = 100'000;

struct World {
    plugin::PluginHost plugins{[] {
        plugin::LoaderOptions o;
        o.builtin_dir = plugin::resolve_builtin_dir("");
        o.probe_user_plugins = false;
        return o;
    }()};
    std::shared_ptr<const RuleSet> rules;
    bench::MemoryWebApi api{kTorrents};

    World() {
        plugins.load_all();
        const auto path = std::filesystem::path(QBT_BENCH_SOURCE_ROOT) / "config" / "rules.default.yml";
        LoadResult loaded = load_rules_file(path.string(), plugins.registry());
        for (const auto& e : loaded.errors) std::cerr << e.to_string() << "\n";
        if (!loaded.rules) throw std::runtime_error("cannot load " + path.string());
        rules = loaded.rules;
    }
};

World& world() {
    static World w;
    return w;
}

// One job's torrents with every torrent's trackers fetched (from memory) into the cache.
struct Prepared {
    TorrentStore store;
    std::unique_ptr<DataCache> cache;
    std::vector<size_t> all;

    Prepared() {
        store.load(world().api.info_body());
        cache = std::make_unique<DataCache>(world().api, store);
        std::vector<FetchNeed> needs;
        for (size_t t = 0; t < store.size(); ++t) {
            needs.push_back({t, Space::Trackers});
            all.push_back(t);
        }
        cache->fetch(needs);
    }
};

Prepared& prepared() {
    static Prepared p;
    return p;
}

void BM_ParseTorrentsInfo(benchmark::State& state) {
    const std::string& body = world().api.info_body();
    for (auto _ : state) {
        TorrentStore store;
        store.load(body);
        benchmark::DoNotOptimize(store.size());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
    state.counters["torrents"] = kTorrents;
}

void BM_Rule(benchmark::State& state, const Rule* rule) {
    Prepared& p = prepared();
    PlanNode plan = make_plan(rule->conditions);
    size_t matched = 0;
    for (auto _ : state) {
        FieldMatcher matcher(p.store, *p.cache, static_cast<int64_t>(std::time(nullptr)));
        RuleStats stats;
        matched = match_rule(plan, p.all, matcher, *p.cache, stats, "bench").size();
    }
    state.counters["matched"] = static_cast<double>(matched);
    state.counters["ns/torrent"] = benchmark::Counter(static_cast<double>(kTorrents),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}

void BM_DryRunJob(benchmark::State& state, std::optional<std::string> context) {
    World& w = world();
    Engine engine([&w] { return w.rules; }, w.api, w.plugins.registry(),
                  EngineOptions{false, 50, [&w](const plugin::LoadedPlugin* p) { return w.plugins.host_table_for(p); }});
    size_t result_bytes = 0;
    for (auto _ : state) {
        JobOutcome outcome = engine.run({.job_id = "bench", .context = context, .hash = std::nullopt, .dry_run = true});
        if (!outcome.ok) state.SkipWithError(outcome.error.c_str());
        result_bytes = outcome.result_json.size();
    }
    state.counters["result_MB"] = static_cast<double>(result_bytes) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);  // the engine logs one info line per job
    benchmark::Initialize(&argc, argv);
    benchmark::RegisterBenchmark("ParseTorrentsInfo/100k", BM_ParseTorrentsInfo)->Unit(benchmark::kMillisecond);
    for (const Rule& rule : world().rules->rules)
        benchmark::RegisterBenchmark(("Rule/" + rule.name).c_str(), BM_Rule, &rule)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("DryRunJob/100k/no-context", BM_DryRunJob, std::nullopt)
        ->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RegisterBenchmark("DryRunJob/100k/weekly-cleanup", BM_DryRunJob,
                                 std::optional<std::string>("weekly-cleanup"))
        ->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
