#include "bench_server.hpp"

#include "net.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <thread>

#include "queue/job.hpp"

namespace qbt::bench {

namespace fs = std::filesystem;

namespace {
size_t collect(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::string member_text(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}
}  // namespace

BenchServer::BenchServer(const std::string& exe, const std::string& rules_file, const std::string& qbt_url,
                         const std::string& password, int max_concurrency) {
    if (!fs::exists(exe)) throw std::runtime_error(exe + " is not built (meson compile -C <build>)");
    fs::copy_file(rules_file, dir_.path() / "rules.yml");
    const int port = testing::free_port();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    log_ = (dir_.path() / "server.log").string();
    const std::map<std::string, std::string> env = {
        {"QBT_RULES_CONFIG_DIR", dir_.path().string()},
        {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
        {"QBT_RULES_SERVER_PORT", std::to_string(port)},
        {"QBT_RULES_SERVER_API_KEY", key_},
        {"QBT_RULES_QUEUE_SQLITE_PATH", (dir_.path() / "qbt-rules.db").string()},
        {"QBT_RULES_RULES_FILE", (dir_.path() / "rules.yml").string()},
        {"QBT_RULES_QBITTORRENT_HOST", qbt_url},
        {"QBT_RULES_QBITTORRENT_USERNAME", "admin"},
        {"QBT_RULES_QBITTORRENT_PASSWORD", password},
        {"QBT_RULES_QBITTORRENT_MAX_CONCURRENCY", std::to_string(max_concurrency)},
        {"QBT_RULES_PLUGINS_DIRS", (dir_.path() / "no-user-plugins").string()},
    };
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    process_.start({exe, "--serve"}, log_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!testing::port_open(port)) {
        if (!process_.running() || std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("qbt-rules --serve did not start:\n" + testing::file_tail(log_));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let start-up allocations settle
}

BenchServer::~BenchServer() { process_.stop(10); }

std::string BenchServer::http(const std::string& method, const std::string& path, long& status) {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_slist* headers = curl_slist_append(nullptr, ("X-API-Key: " + key_).c_str());
    const std::string url = base_ + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (method == "POST") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    CURLcode code = curl_easy_perform(curl);
    status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) throw std::runtime_error(method + " " + path + ": " + curl_easy_strerror(code));
    return body;
}

JobRecord BenchServer::run_job(const std::string& context, bool dry_run) {
    std::string query = std::string("/api/execute?dry_run=") + (dry_run ? "true" : "false");
    if (!context.empty()) query += "&context=" + context;
    long status = 0;
    std::string body = http("POST", query, status);
    rapidjson::Document submitted;
    submitted.Parse(body.c_str());
    if (status != 202 || !submitted.IsObject())
        throw std::runtime_error("POST " + query + " answered " + std::to_string(status) + ": " + body);
    JobRecord job;
    job.job_id = member_text(submitted, "job_id");
    while (true) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        body = http("GET", "/api/jobs/" + job.job_id, status);
        job.json.Parse(body.c_str());
        if (status != 200 || !job.json.IsObject())
            throw std::runtime_error("GET /api/jobs/" + job.job_id + " answered " + std::to_string(status));
        job.status = member_text(job.json, "status");
        if (job.status == "completed" || job.status == "failed" || job.status == "cancelled") break;
        if (!process_.running()) throw std::runtime_error("qbt-rules died:\n" + testing::file_tail(log_));
    }
    const std::string started = member_text(job.json, "started_at");
    const std::string completed = member_text(job.json, "completed_at");
    if (!started.empty() && !completed.empty())
        job.wall_seconds = static_cast<double>(queue::unix_micros_from_iso(completed) -
                                               queue::unix_micros_from_iso(started)) / 1e6;
    if (job.status != "completed")
        throw std::runtime_error("job " + job.job_id + " " + job.status + ": " + member_text(job.json, "error"));
    return job;
}

}  // namespace qbt::bench
