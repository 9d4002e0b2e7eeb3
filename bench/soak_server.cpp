#include "soak_server.hpp"

#include "bench_proc.hpp"
#include "net.hpp"

#include <curl/curl.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace qbt::bench {

namespace fs = std::filesystem;

namespace {
size_t collect(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

int64_t size_or_zero(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<int64_t>(size);
}
}  // namespace

SoakServer::SoakServer(const SoakServerOptions& options) {
    if (!fs::exists(options.exe)) throw std::runtime_error(options.exe + " is not built");
    fs::copy_file(options.rules_file, dir_.path() / "rules.yml");
    const int port = testing::free_port();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    log_ = (dir_.path() / "server.log").string();
    db_ = (dir_.path() / "qbt-rules.db").string();
    std::map<std::string, std::string> env = {
        {"QBT_RULES_CONFIG_DIR", dir_.path().string()},
        {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
        {"QBT_RULES_SERVER_PORT", std::to_string(port)},
        {"QBT_RULES_SERVER_API_KEY", key_},
        {"QBT_RULES_QUEUE_BACKEND", "sqlite"},
        {"QBT_RULES_QUEUE_SQLITE_PATH", db_},
        {"QBT_RULES_QUEUE_CLEANUP_AFTER", options.cleanup_after},
        {"QBT_RULES_QUEUE_POLL_INTERVAL", "0.05"},
        {"QBT_RULES_RULES_FILE", (dir_.path() / "rules.yml").string()},
        {"QBT_RULES_QBITTORRENT_HOST", options.qbt_url},
        {"QBT_RULES_QBITTORRENT_USERNAME", "admin"},
        {"QBT_RULES_QBITTORRENT_PASSWORD", options.qbt_password},
        {"QBT_RULES_PLUGINS_DIRS", (dir_.path() / "no-user-plugins").string()},
    };
    for (const auto& [name, value] : options.extra_env) env[name] = value;
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    process_.start({options.exe, "--serve"}, log_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!testing::port_open(port)) {
        if (!process_.running() || std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("qbt-rules --serve did not start:\n" + log_tail());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

SoakServer::~SoakServer() { process_.stop(20); }

std::string SoakServer::log_tail() const { return testing::file_tail(log_); }

std::string SoakServer::http(const std::string& method, const std::string& path_and_query, long& status) {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_slist* headers = curl_slist_append(nullptr, ("X-API-Key: " + key_).c_str());
    const std::string url = base_ + path_and_query;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (method == "POST") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    status = 0;
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return body;
}

long SoakServer::rss_kib() const { return read_memory(process_.pid()).rss_kib; }

int SoakServer::open_fds() const {
    int count = 0;
    std::error_code ec;
    for (fs::directory_iterator it("/proc/" + std::to_string(process_.pid()) + "/fd", ec), end; !ec && it != end;
         it.increment(ec))
        ++count;
    return count;
}

DbSize SoakServer::db_size() const {
    DbSize size;
    size.file_bytes = size_or_zero(db_) + size_or_zero(db_ + "-wal") + size_or_zero(db_ + "-shm");
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM jobs", -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            size.jobs_rows = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return size;
}

}  // namespace qbt::bench
