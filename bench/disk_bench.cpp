// Disk facts bench (issue 15): the file-usage index and info.hardlinks / info.cross_seeds
// for N torrents x F files on a real qbittorrent-nox (tests/harness), against bare
// baselines measured in the same run:
//   bare reads = every torrents/files call (request_each, bodies dropped) + one stat() per
//                file, nothing else;
//   index      = JobDiskIndex::index(): the same calls and stats plus parsing, path maps,
//                grouping by inode, link counting (ratio = index / bare reads);
//   disk job   = a dry-run job whose rule reads info.hardlinks and info.cross_seeds for every
//                torrent, against the same job reading only info.size (ratio = disk / info).
// Every 10th torrent has a cross-seed (same files, another source), every 10th (offset 5)
// a file hard-linked into a "library" folder. Prints each run and the medians.
#include "engine/engine.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/torrent_store.hpp"
#include "plugin/builtin_plugins.hpp"
#include "qbt_lab.hpp"
#include "rules/rules_loader.hpp"
#include "webapi/curl_web_api.hpp"

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace qbt;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct Data {
    std::vector<std::string> hashes;
    std::vector<std::string> paths;  // every file of every torrent (cross-seeds once)
};

Data make_torrents(testing::QbtLab& lab, int torrents, int files) {
    const auto root = lab.make_data_dir("bench");
    const auto library = lab.make_data_dir("library");
    std::vector<testing::ExistingTorrent> specs;
    Data data;
    for (int i = 0; i < torrents; ++i) {
        testing::TorrentLayout layout{"t" + std::to_string(i), {}, 0};
        for (int f = 0; f < files; ++f) layout.files.emplace_back("f" + std::to_string(f) + ".bin", 1024);
        const auto written = lab.write_data(root, layout);
        for (const auto& p : written) data.paths.push_back(p.string());
        specs.push_back({root, layout, {"http://127.0.0.1:9/a/announce", "a", false}, "", {}, true});
        if (i % 10 == 0) specs.push_back({root, layout, {"http://127.0.0.1:9/b/announce", "b", false}, "", {}, true});
        if (i % 10 == 5) std::filesystem::create_hard_link(written[0], library / ("t" + std::to_string(i) + ".bin"));
    }
    data.hashes = lab.add_existing(specs);
    return data;
}

struct BareRun {
    double lists = 0;  // every torrents/files call
    double stats = 0;  // one stat() per file
    size_t bytes = 0;
};

BareRun bare_reads(webapi::WebApi& api, const Data& data) {
    BareRun run;
    auto start = std::chrono::steady_clock::now();
    std::vector<webapi::Request> requests;
    for (const auto& hash : data.hashes) requests.push_back({"GET", "torrents/files", "hash=" + hash, ""});
    api.request_each(requests, [&](size_t, webapi::Response response) { run.bytes += response.body.size(); });
    run.lists = seconds_since(start);
    start = std::chrono::steady_clock::now();
    struct stat st {};
    for (const auto& path : data.paths) ::stat(path.c_str(), &st);
    run.stats = seconds_since(start);
    return run;
}

struct IndexRun {
    double seconds = 0;
    std::string stats;
};

IndexRun index_run(webapi::WebApi& api) {
    engine::TorrentStore store;
    store.load(api.request({"GET", "torrents/info", "", ""}).body);
    const auto start = std::chrono::steady_clock::now();
    engine::JobDiskIndex disk(nullptr, "default", api, store, true);
    disk.index();
    return {seconds_since(start), disk.stats_json()};
}

double job_run(engine::Engine& engine, const std::string& id) {
    const auto start = std::chrono::steady_clock::now();
    engine::JobOutcome outcome = engine.run({.job_id = id, .dry_run = true});
    const double took = seconds_since(start);
    if (!outcome.ok) std::fprintf(stderr, "%s failed: %s\n", id.c_str(), outcome.error.c_str());
    return took;
}

std::shared_ptr<const rules::RuleSet> load(const plugin::Registry& registry, const std::string& conditions) {
    auto loaded = rules::load_rules_text("rules:\n  - name: bench\n    conditions: " + conditions +
                                             "\n    actions: [{type: add_tag, params: {tags: [x]}}]\n",
                                         "bench.yml", registry);
    if (!loaded.ok()) std::fprintf(stderr, "rules: %s\n", loaded.errors.front().to_string().c_str());
    return loaded.rules;
}

}  // namespace

int main(int argc, char** argv) {
    int torrents = 10000, files = 10, runs = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--torrents")) torrents = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--files")) files = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    }
    spdlog::set_level(spdlog::level::warn);  // the jobs' info lines would interleave with the figures
    const auto plugins_loaded = plugin::load_builtin_plugins();
    plugin::PluginHost& plugins = *plugins_loaded;
    auto lab = testing::QbtLab::start();
    auto start = std::chrono::steady_clock::now();
    const Data data = make_torrents(*lab, torrents, files);
    std::printf("%zu torrents (%d with a cross-seed), %zu files of 1 KiB, added in %.1f s\n", data.hashes.size(),
                (torrents + 9) / 10, data.paths.size(), seconds_since(start));

    webapi::CurlWebApi api(lab->client_config());
    const auto info_only = load(plugins.registry(), "[{field: info.size, operator: '>', value: 0}]");
    const auto disk_facts = load(plugins.registry(),
                                 "[{field: info.hardlinks, operator: ==, value: none}, "
                                 "{field: info.cross_seeds, operator: ==, value: 0}]");
    engine::EngineOptions engine_options{false, 50, [&](const plugin::LoadedPlugin* p) { return plugins.host_table_for(p); }};
    engine::Engine info_engine([&] { return info_only; }, api, plugins.registry(), engine_options);
    engine::Engine disk_engine([&] { return disk_facts; }, api, plugins.registry(), engine_options);

    std::vector<double> bare, index, info_job, disk_job;
    for (int run = 1; run <= runs; ++run) {
        const BareRun floor = bare_reads(api, data);
        bare.push_back(floor.lists + floor.stats);
        const IndexRun built = index_run(api);
        index.push_back(built.seconds);
        info_job.push_back(job_run(info_engine, "info-" + std::to_string(run)));
        disk_job.push_back(job_run(disk_engine, "disk-" + std::to_string(run)));
        std::printf("run %d: bare reads %.2f s (%zu file lists %.2f s, %.1f MB; %zu stats %.2f s) | index %.2f s %s | "
                    "job info-only %.2f s, disk facts %.2f s\n",
                    run, bare.back(), data.hashes.size(), floor.lists, static_cast<double>(floor.bytes) / 1048576.0,
                    data.paths.size(), floor.stats, index.back(), built.stats.c_str(), info_job.back(), disk_job.back());
    }
    std::printf("median: bare reads %.2f s, index %.2f s (ratio %.2f); job info-only %.2f s, disk facts %.2f s "
                "(ratio %.2f)\n",
                median(bare), median(index), median(index) / median(bare), median(info_job), median(disk_job),
                median(disk_job) / median(info_job));
    return 0;
}
