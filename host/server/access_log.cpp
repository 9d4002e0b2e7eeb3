#include "server/access_log.hpp"

#include "server/auth.hpp"
#include "server/params.hpp"

#include <spdlog/spdlog.h>

namespace qbt::server {
namespace {

std::string printable(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x21 || u == 0x7f || c == '"') ? '?' : c;
    }
    return out;
}

}  // namespace

std::string loggable_url(const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& raw_query) {
    std::string url = printable(path);
    char separator = '?';
    for (const auto& [name, value] : raw_query) {
        const std::string decoded = percent_decode(name).value_or(name);
        if (is_key_parameter(decoded)) continue;
        url += separator;
        url += printable(name) + "=" + printable(value);
        separator = '&';
    }
    return url;
}

void log_access(const AccessRecord& r) {
    spdlog::info("http {} \"{} {}\" {} {}B {:.1f}ms", r.client, r.method, loggable_url(r.path, r.raw_query),
                 r.code, r.response_bytes, r.milliseconds);
}

}  // namespace qbt::server
