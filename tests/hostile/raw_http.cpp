#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace qbt::hostile {
namespace {

int connect_to(int port, std::chrono::milliseconds timeout) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// Sends everything; stops quietly when the server has already closed (it may answer
// 413 and hang up before an oversized request is fully sent).
void send_all(int fd, std::string_view bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<size_t>(n);
    }
}

size_t content_length(const std::string& headers) {
    std::string lower = headers;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return std::strtoull(lower.c_str() + at + 17, nullptr, 10);
}

}  // namespace

bool RawResponse::json_content_type() const {
    std::string lower = headers;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("content-type: application/json") != std::string::npos;
}

RawResponse raw_exchange(int port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawResponse response;
    const int fd = connect_to(port, timeout);
    if (fd < 0) return response;
    send_all(fd, bytes);
    std::string data;
    char buffer[8192];
    size_t header_end = std::string::npos;
    for (;;) {
        if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length(data.substr(0, header_end))) break;
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<size_t>(n));
        if (header_end == std::string::npos) header_end = data.find("\r\n\r\n");
    }
    close(fd);
    if (data.rfind("HTTP/1.", 0) != 0 || data.size() < 12) return response;
    response.code = std::atoi(data.c_str() + 9);
    if (header_end == std::string::npos) {
        response.headers = data;
        return response;
    }
    response.headers = data.substr(0, header_end + 2);
    response.body = data.substr(header_end + 4, content_length(response.headers));
    return response;
}

RawStream raw_exchange_until_closed(int port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawStream stream;
    const int fd = connect_to(port, timeout);
    if (fd < 0) return stream;
    send_all(fd, bytes);
    char buffer[8192];
    for (;;) {
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n == 0) stream.closed = true;
        if (n <= 0) break;  // closed, or the timeout passed (EAGAIN), or a reset
        stream.data.append(buffer, static_cast<size_t>(n));
    }
    close(fd);
    return stream;
}

void send_and_hang_up(int port, std::string_view bytes) {
    const int fd = connect_to(port, std::chrono::seconds(5));
    if (fd < 0) return;
    send_all(fd, bytes);
    close(fd);
}

std::string build_request(const std::string& method, const std::string& target, const std::string& api_key,
                          const std::string& body, const std::string& content_type) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!api_key.empty()) request += "X-API-Key: " + api_key + "\r\n";
    if (!content_type.empty()) request += "Content-Type: " + content_type + "\r\n";
    if (!body.empty() || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    return request;
}

std::string percent_encode_all(std::string_view bytes) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

bool valid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        int extra = 0;
        uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { extra = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { extra = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { extra = 3; cp = c & 0x07; }
        else return false;
        if (i + static_cast<size_t>(extra) >= text.size()) return false;  // truncated sequence
        for (int k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
            if ((next & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += static_cast<size_t>(extra) + 1;
    }
    return true;
}

}  // namespace qbt::hostile
