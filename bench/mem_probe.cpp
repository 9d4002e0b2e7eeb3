// Where a job's memory goes, without HTTP: N synthetic torrents answered from memory
// (MemoryWebApi, as engine_bench; each trackers answer handed over on its own, as
// CurlWebApi::request_each does), heap in use (mallinfo2) measured after each stage: the
// torrents/info body, ways to parse it (copying strings / in situ), TorrentStore::load,
// every torrent's trackers in the DataCache, then a whole dry-run job of the default rules
// (its peak from VmHWM).
//
//   mem_probe [N]        (default 10000)
#include "engine/data_cache.hpp"
#include "engine/engine.hpp"
#include "rules/rules_loader.hpp"
#include "engine/torrent_store.hpp"
#include "memory_web_api.hpp"
#include "plugin/builtin_plugins.hpp"

#include <malloc.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_set>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::rules;

namespace {

// In use: small blocks plus large ones that malloc mmapped on their own.
double heap_mb() {
    const auto info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

double status_mb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + std::string(key).size()) / 1024.0;
    return 0;
}

void reset_peak() { std::ofstream("/proc/self/clear_refs") << "5"; }

void report(const char* stage, double before) {
    const double now = heap_mb();
    std::printf("%-44s heap %7.1f MB (%+7.1f)  RSS %7.1f MB  peak %7.1f MB\n", stage, now, now - before,
                status_mb("VmRSS:"), status_mb("VmHWM:"));
}

// Hands each answer over on its own, as CurlWebApi does, instead of all of them at the end.
class StreamingMemoryWebApi : public bench::MemoryWebApi {
public:
    using MemoryWebApi::MemoryWebApi;
    void request_each(const std::vector<webapi::Request>& requests, const AnswerSink& on_answer) override {
        for (size_t i = 0; i < requests.size(); ++i) on_answer(i, request(requests[i]));
    }
};

// Bytes of the strings a copying parse allocates (longer than RapidJSON's 13-character
// inline strings), and how many of those bytes repeat an earlier string (what interning
// would save).
void string_bytes(const rapidjson::Value& v, size_t& total, size_t& repeated, std::unordered_set<std::string>& seen) {
    auto count = [&](const char* text, size_t length) {
        if (length <= 13) return;
        const size_t bytes = (length + 1 + 7) / 8 * 8;
        total += bytes;
        if (!seen.emplace(text, length).second) repeated += bytes;
    };
    if (v.IsString()) count(v.GetString(), v.GetStringLength());
    if (v.IsArray())
        for (const auto& item : v.GetArray()) string_bytes(item, total, repeated, seen);
    if (v.IsObject())
        for (const auto& m : v.GetObject()) {
            count(m.name.GetString(), m.name.GetStringLength());
            string_bytes(m.value, total, repeated, seen);
        }
}

void parse_options(const std::string& body) {
    std::printf("torrents/info parse options (each alone, freed before the next):\n");
    {
        const double before = heap_mb();
        rapidjson::Document doc;
        doc.Parse(body.data(), body.size());
        report("  copying parse (DOM + copied strings)", before);
        size_t total = 0, repeated = 0;
        std::unordered_set<std::string> seen;
        string_bytes(doc, total, repeated, seen);
        std::printf("    of which copied strings %.1f MB, repeats of an earlier string %.1f MB\n",
                    static_cast<double>(total) / 1048576.0, static_cast<double>(repeated) / 1048576.0);
    }
    malloc_trim(0);
    {
        const double before = heap_mb();
        std::string buffer = body;  // the moved-in HTTP body, kept as long as the DOM
        rapidjson::Document doc;
        doc.ParseInsitu(buffer.data());
        report("  in situ (DOM + the body it points into)", before);
    }
    malloc_trim(0);
}

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    const auto plugins_loaded = plugin::load_builtin_plugins();
    const plugin::PluginHost& plugins = *plugins_loaded;
    const auto path = std::filesystem::path(QBT_BENCH_SOURCE_ROOT) / "config" / "rules.default.yml";
    LoadResult loaded = load_rules_file(path.string(), plugins.registry());
    if (!loaded.rules) {
        std::cerr << "cannot load " << path << "\n";
        return 1;
    }
    malloc_trim(0);
    double base = heap_mb();
    report("start (plugins, rules)", base);

    StreamingMemoryWebApi api(n);
    malloc_trim(0);
    double mark = heap_mb();
    report(("synthetic answers for " + std::to_string(n) + " torrents").c_str(), base);
    std::printf("  torrents/info body: %.1f MB\n", static_cast<double>(api.info_body().size()) / 1048576.0);
    parse_options(api.info_body());
    {
        TorrentStore store;
        store.load(api.info_body());
        report("TorrentStore::load", mark);
        double loaded_mark = heap_mb();
        for (size_t t = 0; t < store.size(); ++t) store.abi_info(t);
        report("+ every torrent's info as a qbt_value (abi_info)", loaded_mark);
        loaded_mark = heap_mb();
        DataCache cache(api, store);
        std::vector<FetchNeed> needs;
        for (size_t t = 0; t < store.size(); ++t) needs.push_back({t, Space::Trackers});
        cache.fetch(needs);
        report("+ trackers of every torrent (DataCache)", loaded_mark);
    }
    malloc_trim(0);
    report("after both are freed", mark);

    std::shared_ptr<const RuleSet> rules = loaded.rules;
    Engine engine([&] { return rules; }, api, plugins.registry(),
                  EngineOptions{false, 50, [&](const plugin::LoadedPlugin* p) { return plugins.host_table_for(p); }});
    for (const char* context : {"", "weekly-cleanup"}) {
        malloc_trim(0);
        reset_peak();
        const double before = heap_mb();
        const double rss_before = status_mb("VmRSS:");
        JobOutcome outcome = engine.run({.job_id = "probe",
                                         .context = *context ? std::optional<std::string>(context) : std::nullopt,
                                         .hash = std::nullopt,
                                         .dry_run = true});
        std::printf("dry-run job (context %s): ok %d, result %.1f MB, audit %.1f MB\n", *context ? context : "-",
                    outcome.ok, static_cast<double>(outcome.result_json.size()) / 1048576.0,
                    static_cast<double>(outcome.audit_json.size()) / 1048576.0);
        report("  after the job (result still held)", before);
        std::printf("  job peak RSS above the RSS before it: %.1f MB\n", status_mb("VmHWM:") - rss_before);
    }
    return 0;
}
