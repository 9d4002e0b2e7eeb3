// A small libcurl client for tests: one request, the status, body and a few headers.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace qbt::testing {

struct HttpResult {
    long code = 0;  // 0 when the request failed to reach the server
    std::string body;
    std::string content_type;
    std::string allow;
    std::string curl_error;
};

HttpResult http_request(const std::string& method, const std::string& url, const std::string& body = "",
                        const std::vector<std::string>& headers = {});

// Parses a JSON body; a test failure (ADD_FAILURE) when it is not JSON.
rapidjson::Document parse_json(const std::string& body);

}  // namespace qbt::testing
