// The real `qbt-rules --serve` as a child process of the job bench, pointed at a QbtLab,
// and a minimal client for its HTTP API: submit a job, wait for it, read its record.
#pragma once

#include "child_process.hpp"
#include "temp_dir.hpp"

#include <rapidjson/document.h>

#include <string>

namespace qbt::bench {

struct JobRecord {
    std::string job_id;
    std::string status;       // completed / failed
    double wall_seconds = 0;  // completed_at - started_at (the worker's time on the job)
    rapidjson::Document json; // the whole job record
};

class BenchServer {
public:
    // Starts `exe --serve` with its own config dir, SQLite queue and a copy of `rules_file`,
    // talking to qBittorrent at `qbt_url` (admin / `password`, `max_concurrency` in flight).
    // Throws std::runtime_error (with the server's log tail) when it does not come up.
    BenchServer(const std::string& exe, const std::string& rules_file, const std::string& qbt_url,
                const std::string& password, int max_concurrency);
    ~BenchServer();

    pid_t pid() const { return process_.pid(); }

    // POST /api/execute, then poll the job until it is finished. Throws on HTTP errors.
    JobRecord run_job(const std::string& context, bool dry_run);

private:
    std::string http(const std::string& method, const std::string& path, long& status);

    testing::TempDir dir_{"qbt-bench-server-"};
    testing::ChildProcess process_;
    std::string base_;
    std::string key_ = "bench-api-key-0123456789abcdef0123456789";
    std::string log_;
};

}  // namespace qbt::bench
