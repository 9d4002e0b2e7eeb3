// The job bench's figures for one torrent count and rule set, and how they are printed.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace qbt::bench {

// Bare calls timed with the bench's own CurlWebApi (seconds).
struct Floors {
    double info = 0;          // one full torrents/info
    size_t info_bytes = 0;
    double maindata = 0;      // one full sync/maindata
    double trackers_all = 0;  // torrents/trackers for every torrent, request_many at the server's concurrency
    double info_trackers = 0; // one full torrents/info?includeTrackers=true (0: the server has none)
    size_t info_trackers_bytes = 0;
};

struct JobSample {
    double wall = 0;       // the worker's time on the job (completed_at - started_at)
    double cpu = 0;        // qbt-rules process utime+stime during the job
    long peak_kib = 0;     // VmHWM of qbt-rules during the job (reset before it)
    std::map<std::string, uint64_t> calls;  // the job's api_calls
    std::map<std::string, int> counters;    // total_torrents, rules_matched, actions_*, errors
};

struct SizeReport {
    int torrents = 0;
    std::string qbittorrent;     // app/version of the lab, e.g. v5.1.0
    bool info_carries_trackers = false;  // the jobs' torrents/info asked for the tracker rows
    std::string rules;
    std::string context;
    long idle_rss_kib = 0;
    long final_rss_kib = 0;
    std::vector<Floors> floors;   // one per repetition
    std::vector<JobSample> dry;   // one per repetition
    JobSample act1, act2;
};

// The read floor of a job: what its reads cost when made bare (the one torrents/info, with
// includeTrackers when the job's carried the tracker rows, + maindata + the share of
// per-torrent trackers calls it made).
double read_floor(const Floors& floors, const JobSample& job, const SizeReport& report);

void print_report(std::ostream& out, const SizeReport& report);

// The same torrent count and rules on several qBittorrent versions, one column each.
void print_side_by_side(std::ostream& out, const std::vector<SizeReport>& reports);

}  // namespace qbt::bench
