#include "webapi/curl_web_api.hpp"

#include "webapi/call_gate.hpp"

#include <cmath>
#include <mutex>
#include <regex>

#include "webapi/url.hpp"

#include <lazy_curl.hpp>

namespace qbt::webapi {
namespace {

long to_milliseconds(double seconds, double fallback) {
    if (!(seconds > 0) || !std::isfinite(seconds)) seconds = fallback;
    return static_cast<long>(std::llround(seconds * 1000.0));
}

}  // namespace

std::optional<ApiVersion> parse_api_version(const std::string& text) {
    static const std::regex pattern(R"(\s*(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?\s*)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern)) return std::nullopt;
    ApiVersion version;
    version.major = std::stoi(match[1]);
    version.minor = std::stoi(match[2]);
    version.patch = match[3].matched ? std::stoi(match[3]) : 0;
    return version;
}

CurlWebApi::CurlWebApi(const config::QbittorrentConfig& config) {
    settings_.base_url = normalize_base_url(config.host);
    settings_.display_host = without_credentials(settings_.base_url);
    settings_.connect_timeout_ms = to_milliseconds(config.connect_timeout_seconds, 10);
    settings_.timeout_ms = to_milliseconds(config.timeout_seconds, 60);
    settings_.verify_tls = config.verify_tls;
    settings_.ca_file = config.ca_file;
    settings_.basic_auth_username = config.basic_auth_username;
    settings_.basic_auth_password = config.basic_auth_password;
    username_ = config.username;
    password_ = config.password;
    max_concurrency_ = static_cast<size_t>(config.max_concurrency > 0 ? config.max_concurrency : 1);
}

CURL* CurlWebApi::single_handle() {
    if (easy_) return easy_;
    easy_ = curl_easy_init();
    if (!easy_)
        throw WebApiError(WebApiError::Kind::Protocol, "libcurl initialisation failed" + lazy_curl::load_problem());
    return easy_;
}

void CurlWebApi::ensure_multi() {
    if (multi_) return;
    multi_ = curl_multi_init();
    if (!multi_)
        throw WebApiError(WebApiError::Kind::Protocol, "libcurl initialisation failed" + lazy_curl::load_problem());
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_concurrency_));
}

CurlWebApi::~CurlWebApi() {
    for (CURL* easy : pool_) curl_easy_cleanup(easy);
    if (multi_) curl_multi_cleanup(multi_);
    if (easy_) curl_easy_cleanup(easy_);
}

Response CurlWebApi::perform_single(const Request& request, const std::string& sid, std::string* new_sid) {
    check_call_gate();  // e.g. the job's instance lease can no longer be kept
    Transfer transfer(settings_, request, sid);
    std::lock_guard lock(easy_mutex_);
    CURL* easy = single_handle();
    transfer.attach(easy);
    counter_.add(request.endpoint);
    CURLcode code = curl_easy_perform(easy);
    observe(easy, request.endpoint);
    if (code != CURLE_OK) throw transfer.error(code);
    if (new_sid) *new_sid = transfer.new_sid();
    return transfer.response(easy);
}

Response CurlWebApi::request(const Request& request) {
    check_request(request);
    Session session = ensure_session();
    Response response = perform_single(request, session.sid);
    if (response.status != 403) return response;
    // The session expired or was logged out: log in again once and retry once.
    renew_session(session.generation);
    return perform_single(request, ensure_session().sid);
}

ApiVersion CurlWebApi::api_version() {
    std::lock_guard lock(version_mutex_);
    if (version_ && version_generation_ == logins_.load()) return version_->webapi;
    Response response = request({"GET", "app/webapiVersion", "", ""});
    const std::string where = "GET /api/v2/app/webapiVersion on " + host();
    if (response.status == 404)
        throw WebApiError(WebApiError::Kind::NotQbittorrent,
                          host() + " does not look like qBittorrent's Web API: " + where + " answered 404");
    if (response.status != 200)
        throw WebApiError(WebApiError::Kind::Http, where + " answered HTTP " + std::to_string(response.status));
    std::optional<ApiVersion> parsed = parse_api_version(response.body);
    if (!parsed)
        throw WebApiError(WebApiError::Kind::NotQbittorrent, host() + " does not look like qBittorrent's Web API: " +
                                                                 where + " answered '" +
                                                                 response.body.substr(0, 60) + "', not a version");
    ServerVersion learned{"", *parsed};
    try {
        const Response app = request({"GET", "app/version", "", ""});
        if (app.status == 200 && app.body.size() < 64) learned.qbittorrent = app.body;
    } catch (const WebApiError&) {
        // only for status pages: the Web API version is what the product needs
    }
    version_ = learned;
    version_generation_ = logins_.load();
    std::lock_guard known_lock(known_mutex_);
    known_ = learned;
    return version_->webapi;
}

std::optional<ServerVersion> CurlWebApi::known_version() const {
    std::lock_guard lock(known_mutex_);
    return known_;
}

void CurlWebApi::observe(CURL* easy, const std::string& endpoint) {
    if (!observer_) return;
    curl_off_t micros = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &micros);
    observer_(endpoint, static_cast<double>(micros) / 1e6);
}

std::map<std::string, uint64_t> CurlWebApi::call_counts() const { return counter_.snapshot(); }

}  // namespace qbt::webapi
