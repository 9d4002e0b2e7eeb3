#include "server/params.hpp"

#include "server/reply.hpp"

#include <pistache/http.h>

namespace qbt::server {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode_or_throw(std::string_view text, const std::string& parameter) {
    auto decoded = percent_decode(text);
    if (!decoded) {
        throw ParamError(parameter,
                         "parameter " + quote_input(parameter) +
                             " has a malformed percent-encoding (a '%' must be followed by "
                             "two hex digits): " + quote_input(text),
                         "invalid_encoding");
    }
    return *decoded;
}

void add_pair(ParamMap& params, std::string_view raw_name, std::string_view raw_value) {
    const std::string raw_name_text(raw_name);
    std::string name = decode_or_throw(raw_name, raw_name_text);
    std::string value = decode_or_throw(raw_value, name);
    params.emplace(std::move(name), std::move(value));  // first occurrence wins
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hex_digit(text[i + 1]);
            const int low = hex_digit(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

ParamMap parse_form(std::string_view body) {
    ParamMap params;
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find('&', start);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view pair = body.substr(start, end - start);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            if (eq == std::string_view::npos) {
                add_pair(params, pair, "");
            } else {
                add_pair(params, pair.substr(0, eq), pair.substr(eq + 1));
            }
        }
        start = end + 1;
    }
    return params;
}

ParamMap decode_query(const Pistache::Http::Uri::Query& query) {
    // Pistache keeps the first of a repeated raw name but not the order of names, so two
    // spellings of one name ("context", "%63ontext") with different values are refused
    // rather than resolved by hash order.
    ParamMap params;
    for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
        const std::string name = decode_or_throw(it->first, it->first);
        const std::string value = decode_or_throw(it->second, name);
        const auto [at, added] = params.emplace(name, value);
        if (!added && at->second != value) {
            throw ParamError(name, "parameter " + quote_input(name) +
                                       " is given twice with different values (in different spellings)");
        }
    }
    return params;
}

std::optional<std::string> find_param(const ParamMap& params, const std::string& name) {
    const auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
}

}  // namespace qbt::server
