// What an API handler answers: status code, JSON body, extra headers. Handlers build a
// Reply; the router sends it (and logs it), so handlers stay free of Pistache details.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qbt::server {

struct Reply {
    int code = 200;
    std::string body;  // JSON text
    std::vector<std::pair<std::string, std::string>> headers;
    // Set by a handler that answers later (POST /api/execute): the router calls it once with
    // a function that sends the real reply; that function must then be called exactly once,
    // from any thread. code/body/headers of this Reply are unused.
    std::function<void(std::function<void(Reply)>)> deferred;
};

// {"error": <short code>, "message": <clear text>} with the given status.
Reply error_reply(int code, std::string_view error, std::string_view message);

// A JSON body (already serialised) with the given status.
Reply json_reply(int code, std::string body);

// Shortens user input echoed back in messages (keeps replies and logs small).
std::string quote_input(std::string_view value, size_t max_chars = 80);

}  // namespace qbt::server
