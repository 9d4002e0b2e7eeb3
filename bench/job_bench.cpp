// Job bench: a real qbittorrent-nox with N torrents (tests/harness QbtLab: 4.5.2 and/or
// 5.1.0), the real `qbt-rules --serve` as a child, jobs through its HTTP API; prints per N and
// version the job wall and CPU time, qBittorrent calls by endpoint, the server's RSS, and the
// floor (the same calls made bare with CurlWebApi in the same run) with the ratio job/floor,
// then the versions side by side. See README.md.
#include "bench_proc.hpp"
#include "bench_report.hpp"
#include "bench_server.hpp"
#include "bench_specs.hpp"
#include "webapi/curl_web_api.hpp"
#include "lab_tracker.hpp"
#include "qbt_lab.hpp"
#include "webapi/endpoints.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

using namespace qbt;
using namespace qbt::bench;

namespace {

constexpr int kConcurrency = 8;  // qbittorrent.max_concurrency of the server and of the floors

struct Options {
    std::vector<int> torrents{1000, 3000, 10000};
    std::vector<std::string> rules{"default", "info-only"};
    std::string context;  // "" = the plain job (rules without context)
    std::vector<std::string> versions{"4.5", "5.1"};  // tests/harness qbt_release.hpp names
    int repetitions = 0;  // dry-runs per rule set; 0: 3, but 1 from 10,000 torrents
};

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string piece; std::getline(in, piece, ',');)
        if (!piece.empty()) out.push_back(piece);
    return out;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--torrents") {
            o.torrents.clear();
            for (const auto& n : split(value())) o.torrents.push_back(std::stoi(n));
        } else if (arg == "--rules") {
            o.rules = split(value());
        } else if (arg == "--context") {
            o.context = value();
        } else if (arg == "--qbittorrent") {
            o.versions = split(value());
        } else if (arg == "--repetitions") {
            o.repetitions = std::stoi(value());
        } else {
            throw std::invalid_argument("usage: job_bench [--torrents N[,N...]] [--rules default|info-only|FILE[,...]] "
                                        "[--context NAME] [--qbittorrent 4.5,5.1] [--repetitions N]; unknown argument '" + arg + "'");
        }
    }
    return o;
}

std::string rules_path(const std::string& name) {
    const std::filesystem::path root = QBT_BENCH_SOURCE_ROOT;
    if (name == "default") return (root / "config" / "rules.default.yml").string();
    if (name == "info-only") return (root / "bench" / "rules.info-only.yml").string();
    return name;
}

// Whether a rules file has conditions on trackers.* (then a job's torrents/info carries the
// tracker rows where the server can).
bool reads_trackers(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str().find("field: trackers.") != std::string::npos;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The bare calls a job's reads amount to, timed with the bench's own client.
Floors measure_floors(webapi::CurlWebApi& api, const std::vector<std::string>& hashes) {
    Floors f;
    auto start = std::chrono::steady_clock::now();
    webapi::Response info = api.request({"GET", "torrents/info", "", ""});
    f.info = seconds_since(start);
    f.info_bytes = info.body.size();
    if (webapi::has_info_trackers(api.api_version())) {
        start = std::chrono::steady_clock::now();
        webapi::Response with_trackers = api.request({"GET", "torrents/info", "includeTrackers=true", ""});
        f.info_trackers = seconds_since(start);
        f.info_trackers_bytes = with_trackers.body.size();
    }
    start = std::chrono::steady_clock::now();
    api.request({"GET", "sync/maindata", "rid=0", ""});
    f.maindata = seconds_since(start);
    std::vector<webapi::Request> trackers;
    for (const auto& h : hashes) trackers.push_back({"GET", "torrents/trackers", "hash=" + h, ""});
    start = std::chrono::steady_clock::now();
    api.request_many(trackers);
    f.trackers_all = seconds_since(start);
    return f;
}

JobSample sample(BenchServer& server, const std::string& context, bool dry_run) {
    reset_peak(server.pid());
    const double cpu_before = cpu_seconds(server.pid());
    JobRecord job = server.run_job(context, dry_run);
    JobSample s;
    s.wall = job.wall_seconds;
    s.cpu = cpu_seconds(server.pid()) - cpu_before;
    s.peak_kib = read_memory(server.pid()).peak_kib;
    const rapidjson::Value& result = job.json["result"];
    if (result.IsObject()) {
        if (result.HasMember("api_calls"))
            for (auto& m : result["api_calls"].GetObject()) s.calls[m.name.GetString()] = m.value.GetUint64();
        for (const char* key : {"total_torrents", "rules_matched", "actions_executed", "actions_skipped", "errors"})
            if (result.HasMember(key) && result[key].IsInt()) s.counters[key] = result[key].GetInt();
    }
    return s;
}

std::vector<SizeReport> bench_size(int n, const std::string& version, const Options& options) {
    std::vector<SizeReport> reports;
    testing::LabTracker tracker;  // announces whose path holds /gone/ are unregistered
    tracker.reply_for_path("/gone/", testing::TrackerReply::failure("unregistered torrent"));
    auto lab = testing::QbtLab::start(testing::release_named(version));
    std::cout << "\n=== " << n << " torrents, qBittorrent " << lab->app_version() << " (Web API "
              << lab->webapi_version().major << "." << lab->webapi_version().minor << "."
              << lab->webapi_version().patch << ") ===" << std::endl;
    // libtorrent's SSRF mitigation drops announces to a loopback tracker whose path is not
    // exactly /announce; the bench tracker's paths carry the tracker kind.
    lab->post("app/setPreferences", "json=" + testing::LabHttp::escape(R"({"ssrf_mitigation":false})"));
    auto start = std::chrono::steady_clock::now();
    std::vector<std::string> hashes = lab->add_torrents(bench_specs(n, tracker.port()));
    std::cout << "added " << hashes.size() << " torrents in " << seconds_since(start) << " s" << std::endl;
    // Wait for the "unregistered" answers to reach qBittorrent's tracker messages.
    const auto gone = static_cast<uint64_t>(expected_gone(n));
    start = std::chrono::steady_clock::now();
    while (tracker.announces_for_path("/gone/") < gone && seconds_since(start) < 120)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::cout << "tracker: " << tracker.announces() << " announces, " << tracker.announces_for_path("/gone/") << " of " << gone
              << " 'unregistered' answered" << std::endl;

    config::QbittorrentConfig client = lab->client_config();
    client.max_concurrency = kConcurrency;
    webapi::CurlWebApi api(client);
    api.login();
    const int reps = options.repetitions > 0 ? options.repetitions : n >= 10000 ? 1 : 3;

    for (const std::string& rules : options.rules) {
        BenchServer server(QBT_BENCH_RULES_EXE, rules_path(rules), lab->url(), lab->password(), kConcurrency);
        SizeReport report;
        report.torrents = n;
        report.qbittorrent = lab->app_version();
        report.info_carries_trackers = reads_trackers(rules_path(rules)) && lab->webapi_version().at_least(2, 11, 4);
        report.rules = rules;
        report.context = options.context;
        report.idle_rss_kib = read_memory(server.pid()).rss_kib;
        for (int r = 0; r < reps; ++r) {
            report.floors.push_back(measure_floors(api, hashes));
            report.dry.push_back(sample(server, options.context, true));
        }
        report.act1 = sample(server, options.context, false);
        std::this_thread::sleep_for(std::chrono::seconds(2));  // pause/resume show up late (qbt-lab.md)
        report.act2 = sample(server, options.context, false);
        report.final_rss_kib = read_memory(server.pid()).rss_kib;
        print_report(std::cout, report);
        reports.push_back(std::move(report));
    }
    return reports;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options options = parse(argc, argv);
        std::cout << "job_bench: qbt-rules " << QBT_BENCH_RULES_EXE << ", max_concurrency " << kConcurrency
                  << ", context '" << (options.context.empty() ? "(none)" : options.context) << "'\n";
        for (int n : options.torrents) {
            std::vector<std::vector<SizeReport>> by_version;  // [version][rules]
            for (const std::string& version : options.versions) by_version.push_back(bench_size(n, version, options));
            for (size_t r = 0; r < options.rules.size(); ++r) {
                std::vector<SizeReport> row;
                for (const auto& reports : by_version) row.push_back(reports.at(r));
                print_side_by_side(std::cout, row);
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "job_bench: " << e.what() << "\n";
        return 1;
    }
}
