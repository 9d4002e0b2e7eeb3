#include "arr_client.hpp"

#include <qbt/cpp/error.hpp>

#include <curl/curl.h>
#include <lazy_curl.hpp>

#include <memory>

namespace qbt::arr {

namespace {

constexpr long kTimeoutMs = 10000;  // per call, as qbt-rules 0.6

size_t collect(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

}  // namespace

Response call(const Connection& to, const char* method, const std::string& path_and_query,
              const std::string& json_body) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {0, "", "could not create an HTTP handle" + lazy_curl::load_problem()};
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("X-Api-Key: " + to.api_key).c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:");
    if (!json_body.empty()) headers = curl_slist_append(headers, "Content-Type: application/json");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, curl_slist_free_all);
    const std::string url = to.url + path_and_query;
    Response response;
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (!json_body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json_body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "qbt-rules-arr/1");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        response.problem = curl_easy_strerror(rc);  // generic text: no URL, no key
        return response;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

void expect_success(const Response& response, Service service, const std::string& what) {
    const std::string prefix = std::string("arr_blocklist: ") + service_name(service) + " " + what + ": ";
    if (response.status == 0) throw sdk::Error(QBT_E_IO, prefix + response.problem);
    if (response.status == 401)
        throw sdk::Error(QBT_E_IO, prefix + "HTTP 401 Unauthorized (check integrations." +
                                       service_name(service) + ".api_key)");
    if (response.status < 200 || response.status >= 300)
        throw sdk::Error(QBT_E_IO, prefix + "HTTP " + std::to_string(response.status));
}

}  // namespace qbt::arr
