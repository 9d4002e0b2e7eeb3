// The server's parameter handling without sockets: percent-decoding, form and query
// parsing, JSON bodies, every validator, and the JSON error replies built from them.
// Invariants: only ParamError escapes; every reply body is well-formed UTF-8 JSON.
#include "targets.hpp"

#include "server/execute_params.hpp"
#include "server/params.hpp"
#include "server/reply.hpp"
#include "server/validation.hpp"

#include <pistache/http.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <string>

namespace qbt::fuzz {
namespace {

void check_json(const server::Reply& reply) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(reply.body.c_str(), reply.body.size());
    if (doc.HasParseError() || !doc.IsObject()) std::abort();
}

// What the router does with a ParamError.
void refuse(const server::ParamError& e) {
    check_json(server::error_reply(400, e.code(), e.what()));
    check_json(server::error_reply(404, "not_found", "no job with id " + server::quote_input(e.what())));
}

void validate_all(const server::ParamMap& params) {
    for (const auto& [name, value] : params) {
        try { server::validate_context(value); } catch (const server::ParamError& e) { refuse(e); }
        try { server::validate_hash(value); } catch (const server::ParamError& e) { refuse(e); }
        try { server::validate_status(value); } catch (const server::ParamError& e) { refuse(e); }
        try { server::parse_bool(name, value); } catch (const server::ParamError& e) { refuse(e); }
        try { server::parse_count(name, value); } catch (const server::ParamError& e) { refuse(e); }
    }
}

}  // namespace

int http_params_one(const uint8_t* data, size_t size) {
    if (size < 1 || size > 64 * 1024) return 0;
    static const char* const kTypes[] = {"", "application/json", "application/x-www-form-urlencoded", "text/plain"};
    const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
    // Input: <type byte><query>\n<body>
    const size_t split = input.find('\n');
    const std::string query_text = input.substr(0, split);
    const std::string body = split == std::string::npos ? "" : input.substr(split + 1);

    (void)server::percent_decode(input, (data[0] & 4) != 0);
    check_json(server::error_reply(404, "not_found", "no job with id " + server::quote_input(input)));
    server::ApiRequest request;
    request.content_type = kTypes[data[0] & 3];
    request.body = body;
    try {
        // As Pistache hands a query over: raw names and values, first of a raw name kept.
        Pistache::Http::Uri::Query raw;
        size_t start = 0;
        while (start <= query_text.size()) {
            size_t end = query_text.find('&', start);
            if (end == std::string::npos) end = query_text.size();
            const std::string pair = query_text.substr(start, end - start);
            const size_t eq = pair.find('=');
            raw.add(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
            start = end + 1;
        }
        request.query = server::decode_query(raw);
        validate_all(request.query);
    } catch (const server::ParamError& e) {
        refuse(e);
    }
    try {
        validate_all(server::parse_form(body));
    } catch (const server::ParamError& e) {
        refuse(e);
    }
    try {
        (void)server::parse_execute_params(request);
    } catch (const server::ParamError& e) {
        refuse(e);
    }
    return 0;
}

}  // namespace qbt::fuzz
