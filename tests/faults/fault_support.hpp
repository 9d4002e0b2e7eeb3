// Shared pieces of the fault tests: a libcurl client of the server's API (its own, so
// this header can sit beside the harness's LabHttp), and the real `qbt-rules --serve`
// run as a child process with its configuration in environment variables.
#pragma once

#include "child_process.hpp"
#include "temp_dir.hpp"

#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace qbt::faults {

struct ApiResult {
    long code = 0;  // 0: the request did not reach the server
    std::string body;
    std::string error;  // libcurl's message when code == 0
};

// One request on a fresh connection (timeout 15 s).
ApiResult api_call(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {});

// The body as JSON; an empty object (and a test failure) when it is not JSON.
rapidjson::Document parse(const std::string& body);

// Safe readers of a parsed document: "" / -1 when a member on the path is missing.
std::string text_at(const rapidjson::Value& doc, std::initializer_list<const char*> path);
int64_t int_at(const rapidjson::Value& doc, std::initializer_list<const char*> path);

// Polls `done` every 50 ms until it holds or `timeout` passes.
bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// A valid rules file whose one rule matches no torrent (jobs only read torrents/info).
inline constexpr const char* kNeverMatchingRules = R"(rules:
  - name: never matches
    conditions:
      - field: info.name
        operator: ==
        value: no torrent has this name
    actions:
      - type: add_tag
        params: {tags: [never]}
)";

// The rules file of a test, written to dir/rules.yml; returns its path.
std::string write_rules(const qbt::testing::TempDir& dir, const std::string& yaml);

// `qbt-rules --serve` on 127.0.0.1:<free port>, SQLite queue in dir unless `env` says
// otherwise. Skips the test (via the ok() flag) when the executable is missing.
class ServerProcess {
public:
    static constexpr const char* kKey = "faults-test-api-key-0123456789abcdef";

    ServerProcess(const qbt::testing::TempDir& dir, std::map<std::string, std::string> env);
    ~ServerProcess();  // SIGTERM (short grace), SIGKILL; unsets the variables it set

    // Starts and waits until the port accepts connections; false (with the log tail in
    // `why`) when it does not within 30 s.
    bool start(std::string* why = nullptr);
    void kill_now() { process_.kill_now(); }
    void stop(double grace_seconds = 5) { process_.stop(grace_seconds); }
    bool running() { return process_.running(); }
    pid_t pid() const { return process_.pid(); }  // e.g. its CPU time (bench/group_bench)

    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string key_header() const { return std::string("X-API-Key: ") + kKey; }
    ApiResult get(const std::string& path) const;
    ApiResult post(const std::string& path) const;
    std::string log_tail(size_t bytes = 3000) const;
    const std::string& log_path() const { return log_; }

    // GET /api/jobs/:id until its status is final (completed/failed/cancelled) or the
    // timeout passes; returns the last job document seen ("" on HTTP errors).
    std::string wait_job_final(const std::string& job_id, std::chrono::milliseconds timeout) const;
    // POST /api/execute?<query>; the job_id of a 202, else "" (and the answer in `out`).
    std::string execute(const std::string& query, ApiResult* out = nullptr) const;

private:
    std::map<std::string, std::string> env_;
    int port_ = 0;
    std::string exe_;
    std::string log_;
    qbt::testing::ChildProcess process_;
};

// $QBT_RULES_EXE when it exists, else "".
std::string server_executable();

}  // namespace qbt::faults
