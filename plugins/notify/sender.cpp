#include "sender.hpp"

#include <curl/curl.h>
#include <lazy_curl.hpp>

#include <algorithm>
#include <memory>
#include <thread>

namespace qbt::notify {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

struct Attempt {
    bool transport_error = false;
    long status = 0;
    std::string problem;
};

Attempt post_once(const std::string& url, const Payload& payload, milliseconds timeout) {
    // libcurl is loaded and initialised by this first call (lazy_curl).
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {true, 0, "could not create an HTTP handle" + lazy_curl::load_problem()};
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Content-Type: " + payload.content_type).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 1 s wait for "100 Continue"
    if (!payload.title.empty()) headers = curl_slist_append(headers, ("Title: " + payload.title).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, curl_slist_free_all);
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // safe in threads; timeouts still apply
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "qbt-rules-notify/1");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<int64_t>(1, timeout.count())));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<int64_t>(1, timeout.count())));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return {true, 0, curl_easy_strerror(rc)};  // generic text: no URL
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) return {false, status, ""};
    return {false, status, "HTTP " + std::to_string(status)};
}

bool worth_retrying(const Attempt& a) { return a.transport_error || a.status == 429 || a.status >= 500; }

}  // namespace

std::string url_origin(const std::string& url) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "(not a URL)";
    const size_t start = scheme_end + 3;
    const size_t end = std::min(url.find_first_of("/?#", start), url.size());
    const size_t at = url.rfind('@', end == 0 ? 0 : end - 1);
    const size_t host = at == std::string::npos || at < start ? start : at + 1;
    return url.substr(0, start) + url.substr(host, end - host);
}

SendPolicy policy_for(const NotifyParams& params) {
    SendPolicy policy;
    policy.attempt_timeout = milliseconds(static_cast<int64_t>(params.timeout_seconds * 1000));
    policy.retries = params.retries;
    policy.total_bound = std::min(policy.attempt_timeout * (params.retries + 1), milliseconds(30000));
    return policy;
}

SendResult send_payload(const std::string& url, const Payload& payload, const SendPolicy& policy) {
    const auto deadline = Clock::now() + policy.total_bound;
    SendResult result;
    milliseconds backoff = policy.first_backoff;
    for (int attempt = 0; attempt <= policy.retries; ++attempt) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        if (left <= milliseconds(0)) break;
        const Attempt a = post_once(url, payload, std::min(policy.attempt_timeout, left));
        ++result.attempts;
        result.last_status = a.status;
        if (a.problem.empty()) {
            result.ok = true;
            result.problem.clear();
            return result;
        }
        result.problem = a.problem;
        if (!worth_retrying(a)) break;
        if (Clock::now() + backoff >= deadline) break;
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
    }
    if (result.attempts == 0) result.problem = "no time left to send";
    return result;
}

}  // namespace qbt::notify
