// A raw-socket HTTP/1.1 client for hostile tests: sends exactly the bytes given (no URL
// normalisation, no encoding checks, partial requests allowed) and reads one response.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace qbt::hostile {

struct RawResponse {
    int code = 0;          // 0 when the server closed (or timed out) without a status line
    std::string headers;   // the header block as received
    std::string body;
    bool json_content_type() const;
};

// Connects to 127.0.0.1:port, sends `bytes`, reads one response (Content-Length bodies).
RawResponse raw_exchange(int port, std::string_view bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Connects, sends `bytes`, then reads everything the server sends until it closes the
// connection (closed = true) or `timeout` passes without a byte (closed = false).
struct RawStream {
    std::string data;
    bool closed = false;
};
RawStream raw_exchange_until_closed(int port, std::string_view bytes,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Connects, sends `bytes` (maybe nothing), closes without reading: a half-sent request.
void send_and_hang_up(int port, std::string_view bytes);

// "GET <target> HTTP/1.1" with Host, optional X-API-Key and body (Content-Length).
std::string build_request(const std::string& method, const std::string& target, const std::string& api_key = "",
                          const std::string& body = "", const std::string& content_type = "");

// %XX for every byte outside A-Z a-z 0-9 - . _ ~
std::string percent_encode_all(std::string_view bytes);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates).
bool valid_utf8(std::string_view text);

}  // namespace qbt::hostile
