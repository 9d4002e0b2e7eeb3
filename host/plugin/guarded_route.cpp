#include "plugin/guarded_route.hpp"

#include <algorithm>
#include <cctype>

namespace qbt::plugin {

namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The endpoint without leading slashes or an "api/v2/" prefix, lower-cased.
std::string normalized(std::string_view endpoint) {
    while (!endpoint.empty() && endpoint.front() == '/') endpoint.remove_prefix(1);
    std::string text = lower(std::string(endpoint));
    if (text.rfind("api/v2/", 0) == 0) text.erase(0, 7);
    return text;
}

std::vector<std::string> split_hashes(const std::string& joined) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= joined.size()) {
        const size_t bar = joined.find('|', start);
        std::string hash = lower(joined.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (!hash.empty()) out.push_back(std::move(hash));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> decode_form(std::string_view form) {
    std::map<std::string, std::string> fields;
    while (!form.empty()) {
        const size_t amp = form.find('&');
        const std::string_view pair = form.substr(0, amp);
        form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
        if (pair.empty()) continue;
        const size_t eq = pair.find('=');
        const std::string key = decode(pair.substr(0, eq));
        if (!fields.count(key)) fields[key] = eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1));
    }
    return fields;
}

std::optional<GuardedRoute> guarded_route(std::string_view method, std::string_view endpoint, std::string_view query,
                                          std::string_view form) {
    if (lower(std::string(method)) == "get") return std::nullopt;  // qBittorrent refuses writes by GET
    const std::string name = normalized(endpoint);
    if (name != "torrents/delete" && name != "torrents/setlocation") return std::nullopt;
    // qBittorrent reads parameters from the body and the query string alike.
    std::map<std::string, std::string> fields = decode_form(form);
    for (auto& [key, value] : decode_form(query)) fields.emplace(key, value);
    GuardedRoute route;
    route.hashes = split_hashes(fields["hashes"]);
    if (name == "torrents/delete") {
        // The files stay: nothing for the file guard, but protect: still holds.
        route.kind = lower(fields["deleteFiles"]) == "true" ? GuardedRoute::Kind::Remove : GuardedRoute::Kind::Unlist;
    } else {
        route.kind = GuardedRoute::Kind::Move;
        route.location = fields["location"];
    }
    return route;
}

}  // namespace qbt::plugin
