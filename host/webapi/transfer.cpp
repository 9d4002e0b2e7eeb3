#include "webapi/transfer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "webapi/url.hpp"

namespace qbt::webapi {
namespace {

bool iequals_prefix(const std::string& text, const char* prefix) {
    size_t i = 0;
    for (; prefix[i]; ++i)
        if (i >= text.size() || std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    return true;
}

std::string seconds_text(long milliseconds) {
    double seconds = static_cast<double>(milliseconds) / 1000.0;
    std::string text = std::to_string(seconds);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

// The value of a "Content-Length: N" header line, or -1 when the line is another header.
long long content_length_of(const std::string& line) {
    if (!iequals_prefix(line, "content-length:")) return -1;
    size_t start = line.find_first_not_of(" \t", 15);
    if (start == std::string::npos) return -1;
    long long length = -1;
    auto [end, error] = std::from_chars(line.data() + start, line.data() + line.size(), length);
    return error == std::errc() ? length : -1;
}

}  // namespace

void check_request(const Request& request) {
    if (request.method != "GET" && request.method != "POST")
        throw WebApiError(WebApiError::Kind::Protocol,
                          "Web API request " + request.endpoint + ": method must be GET or POST, not '" +
                              request.method + "'");
    if (request.endpoint.empty() || request.endpoint.front() == '/')
        throw WebApiError(WebApiError::Kind::Protocol,
                          "Web API request: endpoint must be relative to /api/v2/, got '" + request.endpoint + "'");
}

Transfer::Transfer(const TransferSettings& settings, Request request, std::string sid)
    : settings_(settings), request_(std::move(request)), sid_(std::move(sid)) {
    url_ = api_url(settings_.base_url, request_.endpoint, request_.query);
    if (!sid_.empty()) cookie_ = "SID=" + sid_;
    if (!request_.content_type.empty())
        headers_ = curl_slist_append(headers_, ("Content-Type: " + request_.content_type).c_str());
    // No Referer/Origin: qBittorrent's CSRF check compares them with the Host it sees,
    // which a reverse proxy may rewrite; requests without either are always accepted.
}

Transfer::~Transfer() { curl_slist_free_all(headers_); }

void Transfer::attach(CURL* easy) {
    curl_easy_reset(easy);
    body_.clear();
    expected_length_ = 0;
    new_sid_.clear();
    error_buffer_[0] = '\0';
    curl_easy_setopt(easy, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, settings_.connect_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, settings_.timeout_ms);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
    if (!cookie_.empty()) curl_easy_setopt(easy, CURLOPT_COOKIE, cookie_.c_str());
    if (!settings_.verify_tls) {
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!settings_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_file.c_str());
    if (!settings_.basic_auth_username.empty()) {
        curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(easy, CURLOPT_USERNAME, settings_.basic_auth_username.c_str());
        curl_easy_setopt(easy, CURLOPT_PASSWORD, settings_.basic_auth_password.c_str());
    }
    if (request_.method == "POST") {
        // Every write on a new connection: when a reused keep-alive connection dies
        // before any byte of the answer, libcurl silently sends the request again on a
        // fresh one ("Connection died, retrying a fresh connect"), so a write that
        // qBittorrent had already applied (a delete, a move) would be applied twice.
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request_.form.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request_.form.size()));
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    }
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    if (transfer->body_.empty() && transfer->expected_length_ > transfer->body_.capacity())
        transfer->body_.reserve(transfer->expected_length_);
    transfer->body_.append(data, size * count);
    return size * count;
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::string line(data, size * count);
    if (iequals_prefix(line, "http/")) transfer->expected_length_ = 0;  // status line of a (next) answer
    if (long long length = content_length_of(line); length > 0) {
        // Room for the whole body at once: appending 16 KB pieces to a 12 MB torrents/info
        // answer would end at 16 MB of capacity after copying through every smaller size.
        // Capped so a wrong header cannot make us allocate absurdly (beyond, it grows).
        transfer->expected_length_ = static_cast<size_t>(std::min<long long>(length, kMaxBodyReserve));
    }
    if (iequals_prefix(line, "set-cookie:")) {
        size_t start = line.find_first_not_of(" \t", 11);
        if (start != std::string::npos && line.compare(start, 4, "SID=") == 0) {
            size_t end = line.find_first_of(";\r\n", start + 4);
            transfer->new_sid_ = line.substr(start + 4, end == std::string::npos ? std::string::npos : end - start - 4);
        }
    }
    return size * count;
}

Response Transfer::response(CURL* easy) {
    Response response;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    response.body = std::move(body_);
    return response;
}

WebApiError Transfer::error(CURLcode code) const {
    using Kind = WebApiError::Kind;
    const std::string detail = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(code);
    const std::string call = request_.method + " /api/v2/" + request_.endpoint;
    const std::string& host = settings_.display_host;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
            return WebApiError(Kind::Unreachable, "cannot reach qBittorrent at " + host + " (" + call + "): " + detail);
        case CURLE_OPERATION_TIMEDOUT:
            return WebApiError(Kind::Timeout, "qBittorrent at " + host + " did not answer " + call + " in time (connect " +
                                                  seconds_text(settings_.connect_timeout_ms) + " s, total " +
                                                  seconds_text(settings_.timeout_ms) + " s): " + detail);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            return WebApiError(Kind::Protocol, "TLS failure talking to " + host + " (" + call + "): " + detail +
                                                   " (see qbittorrent.verify_tls and qbittorrent.ca_file)");
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return WebApiError(Kind::Protocol, "invalid qbittorrent.host '" + host + "': " + detail);
        default:
            return WebApiError(Kind::Protocol, "HTTP failure talking to " + host + " (" + call + "): " + detail);
    }
}

}  // namespace qbt::webapi
