// A blocking libcurl client for the qbt-rules HTTP API. Every failure becomes a
// ClientError whose message is ready to show to the user.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace qbt::client {

class ClientError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A request that reached the server but was refused (its status and JSON message).
class ServerRefusal : public ClientError {
public:
    ServerRefusal(long status, const std::string& message) : ClientError(message), status_(status) {}
    long status() const { return status_; }

private:
    long status_;
};

class ApiClient {
public:
    ApiClient(std::string server_url, std::string api_key);

    // method GET/POST/DELETE; path such as "/api/jobs"; params go in the query string
    // (URL-encoded); a non-empty json_body is sent as application/json. Returns the body
    // of a 2xx answer.
    std::string call(const std::string& method, const std::string& path,
                     const std::map<std::string, std::string>& params = {},
                     const std::string& json_body = {}) const;

    // Escapes one path segment (a job id).
    static std::string escape(const std::string& text);

private:
    std::string base_url_;
    std::string api_key_;
};

}  // namespace qbt::client
