// What the end-to-end tests share: a tiny libcurl client for the qbt-rules HTTP API (as a
// cron job or qBittorrent's hook would call it), the real `qbt-rules --serve` as a child
// process, and running the real binary once (client mode, --validate) to its end.
#pragma once

#include "child_process.hpp"
#include "temp_dir.hpp"

#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace qbt::e2e {

struct Reply {
    long code = 0;  // 0: the server was not reached
    std::string body;
};

Reply http(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {});

// Parses JSON; an empty object (and a test failure) when it is not JSON.
rapidjson::Document parse(const std::string& body);

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// The executable under test ($QBT_RULES_EXE) and the source tree; fail the test when unset.
std::string exe_path();
std::filesystem::path source_root();

// `qbt-rules --serve` on 127.0.0.1:<free port> with the SQLite queue in `dir`. The settings
// travel as QBT_RULES_* environment variables (set in this process, inherited by children).
class Server {
public:
    Server(const std::filesystem::path& dir, std::map<std::string, std::string> env);
    ~Server();

    // Starts the process and waits (<= 30 s) for /api/health to answer; false on failure.
    bool start();
    // SIGKILL at once (a crash); start() runs it again on the same folder.
    void kill();
    // SIGTERM; returns the exit description ("exit status 0") and how long it took.
    std::string terminate(double grace_seconds, double* seconds_taken);

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }
    const std::string& api_key() const { return api_key_; }
    std::string log_tail() const { return testing::file_tail(log_, 6000); }
    std::string log_text() const { return testing::file_tail(log_, 64u << 20); }

    // POST /api/execute?<query>&key=<api key>; the new job id, "" (and a test failure) if not 202.
    std::string execute(const std::string& query);
    // Polls GET /api/jobs/<id> until the job ends (or the timeout); the last job document.
    rapidjson::Document wait_job(const std::string& job_id, std::chrono::seconds timeout = std::chrono::seconds(30));
    Reply get(const std::string& path_and_query);  // with the API key header

private:
    std::filesystem::path dir_;
    std::string log_;
    int port_ = 0;
    std::string api_key_;
    testing::ChildProcess process_;
};

struct ProgramRun {
    int exit_code = -1;       // -1: killed after the timeout, or ended by a signal
    std::string output;       // stdout and stderr together
    double seconds = 0;
};

// Runs argv (no shell) to its end, killing it after `timeout_seconds`.
ProgramRun run_program(const std::vector<std::string>& argv, const std::filesystem::path& log,
                       double timeout_seconds);

// qBittorrent's tag list text: "a, b" -> {a, b}.
std::vector<std::string> split_tags(const std::string& tags);

}  // namespace qbt::e2e
