// CurlWebApi's session: POST auth/login, keep the SID, renew it once per stale session.
#include <cctype>

#include "webapi/curl_web_api.hpp"
#include "webapi/web_api.hpp"

namespace qbt::webapi {
namespace {

// A short printable excerpt of an unexpected answer (never more than 60 characters).
std::string excerpt(const std::string& body) {
    std::string text;
    for (char c : body.substr(0, 60)) text += std::isprint(static_cast<unsigned char>(c)) ? c : ' ';
    return text;
}

}  // namespace

void CurlWebApi::login() {
    std::lock_guard lock(session_mutex_);
    login_locked();
}

CurlWebApi::Session CurlWebApi::ensure_session() {
    std::lock_guard lock(session_mutex_);
    if (!logged_in_) login_locked();
    return session_;
}

void CurlWebApi::renew_session(uint64_t stale_generation) {
    std::lock_guard lock(session_mutex_);
    if (logged_in_ && session_.generation != stale_generation) return;  // another thread renewed it
    logged_in_ = false;
    login_locked();
}

void CurlWebApi::login_locked() {
    using Kind = WebApiError::Kind;
    const Request request{"POST", "auth/login", "",
                          "username=" + url_encode(username_) + "&password=" + url_encode(password_)};
    std::string sid;
    const Response response = perform_single(request, "", &sid);
    const std::string where = "POST /api/v2/auth/login on " + host();
    if (response.status == 200 && response.body == "Ok.") {
        session_.sid = sid;  // may stay empty when qBittorrent bypasses auth for this client
        ++session_.generation;
        logged_in_ = true;
        ++logins_;
        return;
    }
    if (response.status == 200 && response.body == "Fails.")
        throw WebApiError(Kind::LoginFailed, "qBittorrent rejected the username/password for " + host());
    if (response.status == 403)
        throw WebApiError(Kind::LoginFailed, "qBittorrent at " + host() +
                                                 " refused to log in (403): this IP is banned after too many failed "
                                                 "logins; wait for the ban to expire or restart qBittorrent");
    if (response.status == 401)
        throw WebApiError(Kind::Http, where +
                                          " answered 401 Unauthorized: a reverse proxy wants credentials "
                                          "(qbittorrent.basic_auth_username/password) or qBittorrent refused the "
                                          "Host/Referer header (host header validation, CSRF protection)");
    throw WebApiError(Kind::NotQbittorrent, host() + " does not look like qBittorrent's Web API: " + where +
                                                " answered HTTP " + std::to_string(response.status) + " '" +
                                                excerpt(response.body) + "'");
}

}  // namespace qbt::webapi
