// One HTTP call to Sonarr/Radarr (libcurl): the API key goes in the X-Api-Key header, never
// in the URL, so no log line or error message can carry it.
#pragma once

#include "arr_config.hpp"

#include <string>

namespace qbt::arr {

struct Response {
    long status = 0;  // 0: no answer arrived (transport error in `problem`)
    std::string body;
    std::string problem;
};

// `path_and_query` starts with '/': "/api/v3/queue?page=1&pageSize=250".
Response call(const Connection& to, const char* method, const std::string& path_and_query,
              const std::string& json_body = {});

// Throws sdk::Error(QBT_E_IO) "<service> <what>: <why>" unless the answer is 2xx; a 401 says
// to check the api_key.
void expect_success(const Response& response, Service service, const std::string& what);

}  // namespace qbt::arr
