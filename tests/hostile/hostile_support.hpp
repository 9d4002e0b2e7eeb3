// Shared checks for the hostile HTTP tests: what a refusal must look like, and the
// hostile strings thrown at every parameter.
#pragma once

#include "raw_http.hpp"

#include <rapidjson/document.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qbt::hostile {

// Strings that are valid for no parameter and must never be stored or crash anything: SQL and Redis-protocol
// injections, bad UTF-8, NUL and control bytes, traversal, format strings, huge text.
inline std::vector<std::string> hostile_values() {
    return {
        "'; DROP TABLE jobs;--",
        "1' OR '1'='1",
        "\r\n*3\r\n$3\r\nDEL\r\n$8\r\nqbt:jobs\r\n",
        "*1\r\n$8\r\nFLUSHALL\r\n",
        "\xff\xfe\xfd",
        "caf\xc3",                       // truncated UTF-8
        "\xc0\xaf",                      // overlong '/'
        std::string("a\0b", 3),
        std::string(1, '\0'),
        "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "%s%s%n%x",
        "${vars.x}{}",
        "{\"context\":\"x\"}",
        std::string(5000, 'a'),
        " ",
        "",
    };
}

// A refusal by our own code: 4xx, JSON content type, well-formed UTF-8 JSON with an
// "error" code and a "message".
inline void expect_json_4xx(const RawResponse& r, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_GE(r.code, 400) << r.headers << r.body;
    EXPECT_LT(r.code, 500) << r.headers << r.body;
    EXPECT_TRUE(r.json_content_type()) << r.headers;
    EXPECT_TRUE(valid_utf8(r.body)) << "reply is not UTF-8: " << r.body;
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(r.body.c_str(), r.body.size());
    ASSERT_FALSE(doc.HasParseError()) << "not JSON: " << r.body;
    ASSERT_TRUE(doc.IsObject()) << r.body;
    EXPECT_TRUE(doc.HasMember("error") && doc["error"].IsString()) << r.body;
    EXPECT_TRUE(doc.HasMember("message") && doc["message"].IsString()) << r.body;
}

inline int health_code(int port) {
    return raw_exchange(port, build_request("GET", "/api/health")).code;
}

}  // namespace qbt::hostile
