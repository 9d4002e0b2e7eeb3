// The soak's `qbt-rules --serve` child (SQLite queue in a temp dir, pointed at a QbtLab)
// and what the soak reads about it: HTTP answers, resident memory, open file descriptors,
// and the jobs table of its database (row count and file size, read-only).
#pragma once

#include "child_process.hpp"
#include "temp_dir.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace qbt::bench {

struct SoakServerOptions {
    std::string exe;
    std::string rules_file;
    std::string qbt_url;
    std::string qbt_password;
    std::string cleanup_after = "2m";  // queue.cleanup_after: keeps the database bounded
    std::map<std::string, std::string> extra_env;  // more QBT_RULES_* settings
};

struct DbSize {
    int64_t jobs_rows = -1;  // SELECT COUNT(*) FROM jobs (-1: could not read)
    int64_t file_bytes = 0;  // the database file plus its -wal and -shm
};

class SoakServer {
public:
    // Starts the server and waits until its port answers; throws std::runtime_error with
    // the log tail when it does not come up in 60 s.
    explicit SoakServer(const SoakServerOptions& options);
    ~SoakServer();

    pid_t pid() const { return process_.pid(); }
    bool running() { return process_.running(); }
    std::string log_tail() const;

    // One request with the API key; returns the body, sets `status` (0: no answer).
    std::string http(const std::string& method, const std::string& path_and_query, long& status);

    long rss_kib() const;
    int open_fds() const;  // entries of /proc/<pid>/fd
    DbSize db_size() const;

private:
    testing::TempDir dir_{"qbt-soak-server-"};
    testing::ChildProcess process_;
    std::string base_;
    std::string key_ = "soak-api-key-0123456789abcdef0123456789ab";
    std::string log_;
    std::string db_;
};

}  // namespace qbt::bench
