// The real WebApi over libcurl. Thread-safe: single calls share one keep-alive easy
// handle (mutex), request_many runs on a CURLM with at most max_concurrency transfers in
// flight, each on a pooled easy handle; all send the session's SID cookie explicitly.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <functional>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "webapi/call_counter.hpp"
#include "webapi/transfer.hpp"
#include "webapi/web_api.hpp"

namespace qbt::webapi {

class CurlWebApi : public WebApi {
public:
    // Throws WebApiError(Protocol) for a host that is not an http(s) URL. No I/O yet, and
    // no libcurl call either: libcurl is loaded and initialised by the first request.
    explicit CurlWebApi(const config::QbittorrentConfig& config);
    ~CurlWebApi() override;
    CurlWebApi(const CurlWebApi&) = delete;
    CurlWebApi& operator=(const CurlWebApi&) = delete;

    // Both throw WebApiError(Protocol) for a malformed Request (see check_request) and
    // propagate login errors; request_many reports per-call transport errors as status 0.
    Response request(const Request& request) override;
    std::vector<Response> request_many(const std::vector<Request>& requests) override;
    void request_each(const std::vector<Request>& requests, const AnswerSink& on_answer) override;
    // Read again after a new login (qBittorrent restarted: maybe upgraded, e.g. 4.6 -> 5.1,
    // which renames endpoints); app/version is read with it for known_version().
    ApiVersion api_version() override;
    std::optional<ServerVersion> known_version() const override;
    std::map<std::string, uint64_t> call_counts() const override;

    // Logs in now (normally done lazily by the first call). Throws WebApiError.
    void login();
    // Told of every finished call (endpoint, seconds from start to answer or failure), from
    // the calling thread; for the latency metric. Set it before the first call.
    using CallObserver = std::function<void(const std::string& endpoint, double seconds)>;
    void set_call_observer(CallObserver observer) { observer_ = std::move(observer); }

    // The configured host without credentials (for messages).
    const std::string& host() const { return settings_.display_host; }

private:
    struct Session {
        std::string sid;
        uint64_t generation = 0;
    };
    Session ensure_session();
    void renew_session(uint64_t stale_generation);
    void login_locked();  // session_mutex_ held
    Response perform_single(const Request& request, const std::string& sid, std::string* new_sid = nullptr);
    // libcurl is loaded and initialised at the first call, not at construction (idle RSS).
    CURL* single_handle();  // easy_mutex_ held
    void ensure_multi();    // multi_mutex_ held

    // request_each: runs `indices` of `requests` with `sid`, handing each answer to `deliver`.
    void run_batch(const std::vector<Request>& requests, const std::vector<size_t>& indices, const std::string& sid,
                   const AnswerSink& deliver);

    TransferSettings settings_;
    std::string username_;
    std::string password_;
    size_t max_concurrency_ = 8;

    std::mutex easy_mutex_;  // guards easy_
    CURL* easy_ = nullptr;

    std::mutex session_mutex_;  // guards the session fields; taken before easy_mutex_
    bool logged_in_ = false;
    Session session_;

    std::mutex multi_mutex_;  // guards multi_ and pool_
    CURLM* multi_ = nullptr;
    std::vector<CURL*> pool_;

    std::mutex version_mutex_;          // one reader of the versions at a time; taken before session_mutex_
    std::optional<ServerVersion> version_;
    uint64_t version_generation_ = 0;   // logins_ when version_ was read
    mutable std::mutex known_mutex_;    // guards known_ only: status pages never wait for a call
    std::optional<ServerVersion> known_;
    std::atomic<uint64_t> logins_{0};   // successful logins so far (a new one may be a new server)

    CallCounter counter_;
    CallObserver observer_;
    void observe(CURL* easy, const std::string& endpoint);
};

// "2.8.19" -> {2, 8, 19}; std::nullopt when the text is not a version.
std::optional<ApiVersion> parse_api_version(const std::string& text);

}  // namespace qbt::webapi
