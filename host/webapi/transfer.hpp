// One HTTP exchange on a libcurl easy handle: sets the options for a Request (URL, SID
// cookie, TLS, proxy basic auth, timeouts), collects the answer and any new
// SID, and turns libcurl failures into WebApiError messages that name the host.
#pragma once

#include <curl/curl.h>

#include <string>

#include "webapi/web_api.hpp"

namespace qbt::webapi {

// What every transfer to one qBittorrent shares (built once from the config).
struct TransferSettings {
    std::string base_url;      // normalized, may contain credentials for curl
    std::string display_host;  // base_url without credentials, for messages
    long connect_timeout_ms = 10000;
    long timeout_ms = 60000;
    bool verify_tls = true;
    std::string ca_file;
    std::string basic_auth_username;
    std::string basic_auth_password;
};

// Throws WebApiError(Protocol) for a request this client cannot send (method other than
// GET/POST, empty endpoint or one starting with '/').
void check_request(const Request& request);

class Transfer {
public:
    // The most a Content-Length header makes us reserve for a body in advance.
    static constexpr long long kMaxBodyReserve = 256LL * 1024 * 1024;

    Transfer(const TransferSettings& settings, Request request, std::string sid);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    // curl_easy_reset()s `easy` and sets every option; the Transfer must outlive the perform.
    void attach(CURL* easy);

    // After a successful perform.
    Response response(CURL* easy);
    // After a failed perform: the error to throw or report.
    WebApiError error(CURLcode code) const;

    const Request& request() const { return request_; }
    const std::string& new_sid() const { return new_sid_; }  // from Set-Cookie, "" if none

private:
    static size_t on_body(char* data, size_t size, size_t count, void* self);
    static size_t on_header(char* data, size_t size, size_t count, void* self);

    const TransferSettings& settings_;
    Request request_;
    std::string sid_;
    std::string url_;
    std::string cookie_;
    std::string body_;
    size_t expected_length_ = 0;  // Content-Length of the answer being received, 0 if unknown
    std::string new_sid_;
    curl_slist* headers_ = nullptr;
    char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace qbt::webapi
