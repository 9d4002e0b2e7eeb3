#include "redis_url.hpp"

#include <qbt/cpp/error.hpp>

#include <charconv>

namespace qbt::queue_plugin {

namespace {

[[noreturn]] void invalid(const std::string& why) {
    throw sdk::Error(QBT_E_INVALID, "queue.redis_url: " + why +
                                        " (expected redis://[:password@]host[:port][/db])");
}

int parse_int(std::string_view text, const char* what, int min, int max) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        invalid(std::string(what) + " '" + std::string(text) + "' is not a number in " +
                std::to_string(min) + ".." + std::to_string(max));
    return value;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            int value = 0;
            auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            if (ec == std::errc() && end == text.data() + i + 3) {
                out += static_cast<char>(value);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

std::string RedisUrl::describe() const {
    return host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

RedisUrl parse_redis_url(std::string_view url) {
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme) {
        if (url.substr(0, 9) == "rediss://") invalid("TLS (rediss://) is not supported");
        invalid("must start with redis://");
    }
    std::string_view rest = url.substr(scheme.size());
    RedisUrl out;
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = credentials.find(':');
        if (colon == std::string_view::npos) {
            out.password = percent_decode(credentials);  // redis://password@host
        } else {
            out.username = percent_decode(credentials.substr(0, colon));
            out.password = percent_decode(credentials.substr(colon + 1));
        }
    }
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        std::string_view db = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (!db.empty()) out.db = parse_int(db, "database number", 0, 1 << 20);
    }
    if (auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
        out.port = parse_int(rest.substr(colon + 1), "port", 1, 65535);
        rest = rest.substr(0, colon);
    }
    if (!rest.empty()) out.host = std::string(rest);
    if (out.host.empty()) invalid("host is empty");
    return out;
}

}  // namespace qbt::queue_plugin
