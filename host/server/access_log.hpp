// The HTTP access log (logging.http_access), one spdlog line per request. Keys are
// never logged: key= and api-key= are removed from the logged query string.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace qbt::server {

struct AccessRecord {
    std::string client;  // peer address
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> raw_query;  // as received (encoded)
    int code = 0;
    size_t response_bytes = 0;
    double milliseconds = 0;
};

// "/api/execute?context=x" with key parameters removed and control bytes replaced.
std::string loggable_url(const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& raw_query);

void log_access(const AccessRecord& record);

}  // namespace qbt::server
