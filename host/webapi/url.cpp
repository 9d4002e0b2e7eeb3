#include "webapi/url.hpp"

#include "webapi/web_api.hpp"

namespace qbt::webapi {
namespace {

bool starts_with_scheme(const std::string& url) {
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

std::string url_encode(const std::string& text) {
    static const char digits[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (unsigned char c : text) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~';
        if (unreserved) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += digits[c >> 4];
            encoded += digits[c & 15];
        }
    }
    return encoded;
}

std::string without_credentials(const std::string& url) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const size_t authority_start = scheme_end + 3;
    const size_t authority_end = url.find_first_of("/?#", authority_start);
    const size_t at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
    if (at == std::string::npos || at < authority_start) return url;
    return url.substr(0, authority_start) + url.substr(at + 1);
}

std::string normalize_base_url(const std::string& host) {
    std::string base = host;
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string shown = without_credentials(base);
    if (!starts_with_scheme(base) || base.size() == base.find("://") + 3)
        throw WebApiError(WebApiError::Kind::Protocol,
                          "qbittorrent.host must be an http:// or https:// URL, got '" + shown + "'");
    if (base.find_first_of("?# \t\r\n") != std::string::npos)
        throw WebApiError(WebApiError::Kind::Protocol,
                          "qbittorrent.host must not contain a query, fragment or spaces: '" + shown + "'");
    return base;
}

std::string api_url(const std::string& base_url, const std::string& endpoint, const std::string& query) {
    std::string url = base_url + "/api/v2/" + endpoint;
    if (!query.empty()) url += "?" + query;
    return url;
}

}  // namespace qbt::webapi
