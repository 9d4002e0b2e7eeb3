#include "bench_report.hpp"

#include <algorithm>
#include <cstdio>

namespace qbt::bench {

namespace {
template <class T, class F>
double median(const std::vector<T>& items, F value) {
    std::vector<double> v;
    for (const T& item : items) v.push_back(value(item));
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

uint64_t calls_to(const JobSample& job, const std::string& endpoint) {
    auto it = job.calls.find(endpoint);
    return it == job.calls.end() ? 0 : it->second;
}

bool is_read(const std::string& endpoint) {
    return endpoint.rfind("torrents/info", 0) == 0 || endpoint == "torrents/trackers" ||
           endpoint == "torrents/properties" || endpoint == "torrents/files" || endpoint == "sync/maindata" ||
           endpoint == "sync/torrentPeers" || endpoint == "torrents/webseeds" || endpoint == "transfer/info" ||
           endpoint == "app/preferences" || endpoint == "app/webapiVersion" || endpoint == "app/version" ||
           endpoint == "auth/login";
}

std::string calls_text(const JobSample& job) {
    std::string text;
    uint64_t total = 0, writes = 0;
    for (const auto& [endpoint, count] : job.calls) {
        text += " " + endpoint + "=" + std::to_string(count);
        total += count;
        if (!is_read(endpoint)) writes += count;
    }
    return "total " + std::to_string(total) + " (writes " + std::to_string(writes) + "):" + text;
}

std::string counters_text(const JobSample& job) {
    auto get = [&](const char* key) {
        auto it = job.counters.find(key);
        return it == job.counters.end() ? std::string("?") : std::to_string(it->second);
    };
    return "matched " + get("rules_matched") + ", executed " + get("actions_executed") + ", skipped " +
           get("actions_skipped") + ", errors " + get("errors");
}

void row(std::ostream& out, const char* label, const JobSample& job, double floor) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-14s %8.3f %8.3f %8.3f %7.2f %9.1f  ", label, job.wall, job.cpu, floor,
                  floor > 0 ? job.wall / floor : 0.0, static_cast<double>(job.peak_kib) / 1024.0);
    out << line << calls_text(job) << "\n" << std::string(17, ' ') << counters_text(job) << "\n";
}
}  // namespace

double read_floor(const Floors& floors, const JobSample& job, const SizeReport& report) {
    const int torrents = report.torrents;
    double floor = report.info_carries_trackers ? floors.info_trackers : floors.info;  // the job's one full torrents/info
    floor += static_cast<double>(calls_to(job, "sync/maindata")) * floors.maindata;
    if (torrents > 0)
        floor += floors.trackers_all * static_cast<double>(calls_to(job, "torrents/trackers")) / torrents;
    return floor;
}

Floors median_floors(const SizeReport& r) {
    Floors f;
    f.info = median(r.floors, [](const Floors& x) { return x.info; });
    f.maindata = median(r.floors, [](const Floors& x) { return x.maindata; });
    f.trackers_all = median(r.floors, [](const Floors& x) { return x.trackers_all; });
    f.info_trackers = median(r.floors, [](const Floors& x) { return x.info_trackers; });
    f.info_bytes = r.floors.empty() ? 0 : r.floors.front().info_bytes;
    f.info_trackers_bytes = r.floors.empty() ? 0 : r.floors.front().info_trackers_bytes;
    return f;
}

JobSample median_dry_run(const SizeReport& r) {
    JobSample dry = r.dry.empty() ? JobSample{} : r.dry[r.dry.size() / 2];
    dry.wall = median(r.dry, [](const JobSample& x) { return x.wall; });
    dry.cpu = median(r.dry, [](const JobSample& x) { return x.cpu; });
    dry.peak_kib = static_cast<long>(median(r.dry, [](const JobSample& x) { return static_cast<double>(x.peak_kib); }));
    return dry;
}

void print_report(std::ostream& out, const SizeReport& r) {
    const Floors f = median_floors(r);
    char line[768];
    std::snprintf(line, sizeof line,
                  "\n%d torrents, qBittorrent %s, rules '%s', context '%s', %zu repetition(s); qbt-rules idle RSS "
                  "%.1f MiB (%.1f MiB after the jobs)\n"
                  "  floors (median): torrents/info %.3f s (%.1f MB), includeTrackers %.3f s (%.1f MB), "
                  "sync/maindata %.3f s, torrents/trackers x%d concurrent %.3f s\n",
                  r.torrents, r.qbittorrent.c_str(), r.rules.c_str(), r.context.empty() ? "(none)" : r.context.c_str(),
                  r.dry.size(), static_cast<double>(r.idle_rss_kib) / 1024.0,
                  static_cast<double>(r.final_rss_kib) / 1024.0, f.info, static_cast<double>(f.info_bytes) / 1e6,
                  f.info_trackers, static_cast<double>(f.info_trackers_bytes) / 1e6, f.maindata, r.torrents,
                  f.trackers_all);
    out << line;
    out << "  job              wall s    cpu s  floor s   ratio  peak MiB  qBittorrent calls\n";
    const JobSample dry = median_dry_run(r);
    row(out, "dry-run (med)", dry, read_floor(f, dry, r));
    row(out, "acting #1", r.act1, read_floor(f, r.act1, r));
    row(out, "acting #2", r.act2, read_floor(f, r.act2, r));
    out.flush();
}

void print_side_by_side(std::ostream& out, const std::vector<SizeReport>& reports) {
    if (reports.empty()) return;
    out << "\n--- " << reports[0].torrents << " torrents, rules '" << reports[0].rules << "', side by side\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-28s", "");
    out << line;
    for (const SizeReport& r : reports) {
        std::snprintf(line, sizeof line, " %-30s", ("qBittorrent " + r.qbittorrent).c_str());
        out << line;
    }
    out << "\n";
    auto cells = [&](const char* label, auto&& cell) {
        std::snprintf(line, sizeof line, "  %-28s", label);
        out << line;
        for (const SizeReport& r : reports) {
            std::snprintf(line, sizeof line, " %-30s", cell(r).c_str());
            out << line;
        }
        out << "\n";
    };
    auto fixed = [](double v, int digits) {
        char text[32];
        std::snprintf(text, sizeof text, "%.*f", digits, v);
        return std::string(text);
    };
    auto job_cells = [&](const char* name, auto&& pick) {
        cells((std::string(name) + " wall / floor s").c_str(), [&](const SizeReport& r) {
            const JobSample job = pick(r);
            const double floor = read_floor(median_floors(r), job, r);
            return fixed(job.wall, 3) + " / " + fixed(floor, 3) + "  x" + fixed(floor > 0 ? job.wall / floor : 0, 2);
        });
        cells((std::string(name) + " calls (writes)").c_str(), [&](const SizeReport& r) {
            const JobSample job = pick(r);
            uint64_t total = 0, writes = 0;
            for (const auto& [endpoint, count] : job.calls) {
                total += count;
                if (!is_read(endpoint)) writes += count;
            }
            return std::to_string(total) + " (" + std::to_string(writes) + ")";
        });
    };
    cells("floor: torrents/info s", [&](const SizeReport& r) { return fixed(median_floors(r).info, 3); });
    cells("floor: +includeTrackers s", [&](const SizeReport& r) {
        const double v = median_floors(r).info_trackers;
        return v > 0 ? fixed(v, 3) : std::string("(no such call)");
    });
    job_cells("dry-run", [](const SizeReport& r) { return median_dry_run(r); });
    job_cells("acting #1", [](const SizeReport& r) { return r.act1; });
    job_cells("acting #2", [](const SizeReport& r) { return r.act2; });
    out.flush();
}

}  // namespace qbt::bench
