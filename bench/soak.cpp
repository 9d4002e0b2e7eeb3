// Soak: a real qbittorrent-nox with N torrents (tests/harness QbtLab, the job bench's varied
// torrents and its loopback tracker), the real `qbt-rules --serve` (SQLite queue,
// queue.cleanup_after short so cleanup keeps the database bounded) and J jobs through its
// worker with the default rules. Every S jobs it samples the server's RSS, open fds and the
// jobs table; at the end it prints the table and a verdict. See bench/README.md.
//
//   soak [--jobs 10000] [--torrents 1000] [--sample-every 500] [--cleanup-after 2m]
//        [--window 4] [--rules FILE]
//
// Job mix (by job number i): the hook jobs qBittorrent's "run external program" sends
// (context torrent-imported / download-finished with one torrent's hash; 1 in 4 acting,
// the rest dry-run), and every 100th job a whole-library job (dry-run; acting every 500th).
#include "bench_specs.hpp"
#include "lab_tracker.hpp"
#include "qbt_lab.hpp"
#include "soak_server.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace qbt;
using namespace qbt::bench;

namespace {

// SIGINT/SIGTERM: stop submitting, finish the jobs in flight, print the table and verdict so far.
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
    int jobs = 10000;
    int torrents = 1000;
    int sample_every = 500;
    int window = 4;  // jobs submitted ahead, so the worker never waits for the soak
    std::string cleanup_after = "2m";
    std::string rules = QBT_SOAK_SOURCE_ROOT "/config/rules.default.yml";
};

struct Sample {
    int jobs = 0;
    double minutes = 0;
    long rss_kib = 0;
    int fds = 0;
    DbSize db;
    int failed = 0;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        const std::string value = argv[++i];
        if (arg == "--jobs") o.jobs = std::stoi(value);
        else if (arg == "--torrents") o.torrents = std::stoi(value);
        else if (arg == "--sample-every") o.sample_every = std::max(1, std::stoi(value));
        else if (arg == "--window") o.window = std::max(1, std::stoi(value));
        else if (arg == "--cleanup-after") o.cleanup_after = value;
        else if (arg == "--rules") o.rules = value;
        else
            throw std::invalid_argument("usage: soak [--jobs N] [--torrents N] [--sample-every N] "
                                        "[--cleanup-after DURATION] [--window N] [--rules FILE]; unknown '" + arg + "'");
    }
    return o;
}

std::string job_query(int i, const std::vector<std::string>& hashes) {
    if (i % 100 == 0) return std::string("/api/execute?dry_run=") + (i % 500 == 0 ? "false" : "true");
    const std::string context = i % 2 ? "torrent-imported" : "download-finished";
    return "/api/execute?context=" + context + "&hash=" + hashes[static_cast<size_t>(i) % hashes.size()] +
           "&dry_run=" + (i % 4 == 0 ? "false" : "true");
}

std::string submit(SoakServer& server, const std::string& query) {
    long status = 0;
    const std::string body = server.http("POST", query, status);
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    if (status != 202 || !doc.IsObject() || !doc.HasMember("job_id") || !doc["job_id"].IsString())
        throw std::runtime_error("POST " + query + " answered " + std::to_string(status) + ": " + body);
    return doc["job_id"].GetString();
}

// Waits until the job is finished; returns its status.
std::string wait_for(SoakServer& server, const std::string& job_id) {
    while (true) {
        long status = 0;
        const std::string body = server.http("GET", "/api/jobs/" + job_id, status);
        rapidjson::Document doc;
        doc.Parse(body.c_str());
        if (status != 200 || !doc.IsObject())
            throw std::runtime_error("GET /api/jobs/" + job_id + " answered " + std::to_string(status) + ": " + body);
        const std::string state = doc.HasMember("status") && doc["status"].IsString() ? doc["status"].GetString() : "";
        if (state == "completed" || state == "failed" || state == "cancelled") {
            if (state != "completed" && doc.HasMember("error") && doc["error"].IsString())
                std::cerr << "job " << job_id << " " << state << ": " << doc["error"].GetString() << "\n";
            return state;
        }
        if (!server.running()) throw std::runtime_error("qbt-rules died:\n" + server.log_tail());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void print_row(const Sample& s) {
    std::printf("%7d %8.1f %9.1f %5d %9lld %9.2f %7d\n", s.jobs, s.minutes, s.rss_kib / 1024.0, s.fds,
                static_cast<long long>(s.db.jobs_rows), s.db.file_bytes / 1048576.0, s.failed);
    std::fflush(stdout);
}

// "90", "90s", "2m", "1h", "1d" -> seconds (the soak's own --cleanup-after values).
double duration_seconds(const std::string& text) {
    size_t used = 0;
    const double value = std::stod(text, &used);
    const std::string unit = text.substr(used);
    return value * (unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 1);
}

// The jobs table is bounded when no sample holds more rows than the jobs finished in the
// two retention windows (the cleanup runs every cleanup_after) plus a minute before it.
bool rows_bounded(const std::vector<Sample>& samples, double cleanup_after_s, int window) {
    const double span_min = (2 * cleanup_after_s + 60) / 60;
    for (const Sample& s : samples) {
        int jobs_before = 0;
        for (const Sample& earlier : samples)
            if (earlier.minutes <= s.minutes - span_min) jobs_before = earlier.jobs;
        if (s.db.jobs_rows < 0 || s.db.jobs_rows > s.jobs - jobs_before + window + 10) return false;
    }
    return true;
}

// RSS growth after warm-up (the first two samples after the start), fd delta, DB bound.
int verdict(const std::vector<Sample>& samples, int jobs, double cleanup_after_s, int window) {
    if (samples.size() < 4) {
        std::cout << "verdict: too few samples (" << samples.size() << ") for a verdict\n";
        return 1;
    }
    const Sample& warm = samples[2];
    const Sample& last = samples.back();
    long peak_after_warm = 0;
    int64_t max_rows = 0;
    for (size_t i = 2; i < samples.size(); ++i) {
        peak_after_warm = std::max(peak_after_warm, samples[i].rss_kib);
        max_rows = std::max(max_rows, samples[i].db.jobs_rows);
    }
    const long growth = last.rss_kib - warm.rss_kib;
    const long allowed = std::max(8L * 1024, warm.rss_kib / 10);  // 8 MiB or 10 %
    const int fd_delta = last.fds - warm.fds;
    const bool rss_ok = growth <= allowed;
    const bool fds_ok = fd_delta <= 2;  // a connection being opened/closed at the sample
    const bool db_ok = rows_bounded(samples, cleanup_after_s, window);
    std::printf("RSS after warm-up (%d jobs): %.1f MiB -> %.1f MiB at the end (growth %+.1f MiB, allowed %.1f; peak %.1f)\n",
                warm.jobs, warm.rss_kib / 1024.0, last.rss_kib / 1024.0, growth / 1024.0, allowed / 1024.0,
                peak_after_warm / 1024.0);
    std::printf("open fds: %d after warm-up, %d at the end (delta %+d)\n", warm.fds, last.fds, fd_delta);
    std::printf("jobs rows: max %lld after warm-up, %lld at the end, of %d jobs run (database %.2f MiB)\n",
                static_cast<long long>(max_rows), static_cast<long long>(last.db.jobs_rows), jobs,
                last.db.file_bytes / 1048576.0);
    std::printf("verdict: memory %s, fds %s, database %s\n", rss_ok ? "flat" : "GROWING", fds_ok ? "flat" : "GROWING",
                db_ok ? "bounded" : "NOT BOUNDED");
    return rss_ok && fds_ok && db_ok ? 0 : 1;
}

int run(const Options& o) {
    testing::LabTracker tracker;  // announces whose path holds /gone/ are unregistered
    tracker.reply_for_path("/gone/", testing::TrackerReply::failure("unregistered torrent"));
    auto lab = testing::QbtLab::start();
    lab->post("app/setPreferences", "json=" + testing::LabHttp::escape(R"({"ssrf_mitigation":false})"));
    const std::vector<std::string> hashes = lab->add_torrents(bench_specs(o.torrents, tracker.port()));
    std::cout << "lab: " << hashes.size() << " torrents at " << lab->url() << std::endl;

    SoakServerOptions so;
    so.exe = QBT_SOAK_RULES_EXE;
    so.rules_file = o.rules;
    so.qbt_url = lab->url();
    so.qbt_password = lab->password();
    so.cleanup_after = o.cleanup_after;
    SoakServer server(so);
    std::this_thread::sleep_for(std::chrono::seconds(1));

    const auto start = std::chrono::steady_clock::now();
    std::vector<Sample> samples;
    int done = 0, failed = 0, next = 1;
    auto take_sample = [&] {
        Sample s;
        s.jobs = done;
        s.minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
        s.rss_kib = server.rss_kib();
        s.fds = server.open_fds();
        s.db = server.db_size();
        s.failed = failed;
        samples.push_back(s);
        print_row(s);
    };
    std::printf("%7s %8s %9s %5s %9s %9s %7s\n", "jobs", "minutes", "RSS_MiB", "fds", "db_rows", "db_MiB", "failed");
    take_sample();
    std::deque<std::string> in_flight;
    try {
        while (done < o.jobs && !(g_stop && in_flight.empty())) {
            while (!g_stop && next <= o.jobs && static_cast<int>(in_flight.size()) < o.window)
                in_flight.push_back(submit(server, job_query(next++, hashes)));
            if (wait_for(server, in_flight.front()) != "completed") ++failed;
            in_flight.pop_front();
            if (++done % o.sample_every == 0) take_sample();
        }
    } catch (const std::exception& e) {  // say why now: the lab's shutdown can take a while
        std::cerr << "soak: stopped after " << done << " jobs: " << e.what() << "\nserver log:\n"
                  << server.log_tail() << std::endl;
        throw;
    }
    if (done % o.sample_every != 0) take_sample();
    std::printf("%d jobs in %.1f min, %d not completed; cleanup_after %s\n", done, samples.back().minutes, failed,
                o.cleanup_after.c_str());
    if (g_stop) std::printf("stopped by a signal after %d of %d jobs\n", done, o.jobs);
    return verdict(samples, done, duration_seconds(o.cleanup_after), o.window);
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "soak: " << e.what() << "\n";
        return 2;
    }
}
