#include "prefix_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>

namespace qbt::testing {
namespace {

bool is_header(const std::string& line, const std::string& lower_name) {
    if (line.size() <= lower_name.size() || line[lower_name.size()] != ':') return false;
    for (size_t i = 0; i < lower_name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != lower_name[i]) return false;
    return true;
}

// Like the nginx example in qBittorrent's wiki: strip the prefix, send the upstream's own
// Host (qBittorrent checks it against its port), pass the original as X-Forwarded-Host,
// drop Referer/Origin, and close after one answer.
std::string rewrite_head(const std::string& request, size_t prefix_length, int upstream_port) {
    const size_t head_end = request.find("\r\n\r\n");
    std::string head = request.substr(0, head_end + 2);
    const std::string body = request.substr(head_end + 4);
    std::string result;
    std::string original_host;
    size_t start = 0;
    for (size_t end; (end = head.find("\r\n", start)) != std::string::npos; start = end + 2) {
        std::string line = head.substr(start, end - start);
        if (start == 0) {
            line.erase(line.find(' ') + 1, prefix_length);
        } else if (is_header(line, "host")) {
            original_host = line.substr(line.find(':') + 1);
            continue;
        } else if (is_header(line, "referer") || is_header(line, "origin") || is_header(line, "connection")) {
            continue;
        }
        result += line + "\r\n";
    }
    result += "Host: 127.0.0.1:" + std::to_string(upstream_port) + "\r\nX-Forwarded-Host:" + original_host +
              "\r\nConnection: close\r\n\r\n" + body;
    return result;
}

// Sends the request upstream and reads one Content-Length-framed answer (qBittorrent
// keeps the connection open even when asked to close, so reading to EOF would stall).
std::string exchange(int port, const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()))
        answer = read_http_request(fd);
    if (fd >= 0) ::close(fd);
    return answer.empty() ? TinyHttpServer::response(502, "Bad Gateway", "text/plain", "upstream failed") : answer;
}

}  // namespace

PrefixProxy::PrefixProxy(std::string prefix, int upstream_port)
    : prefix_(std::move(prefix)), upstream_port_(upstream_port) {
    server_ = std::make_unique<TinyHttpServer>([this](const std::string& request) {
        const size_t path_start = request.find(' ') + 1;
        if (request.compare(path_start, prefix_.size() + 1, prefix_ + "/") != 0)
            return TinyHttpServer::response(404, "Not Found", "text/plain", "outside the proxied prefix");
        std::string forwarded = rewrite_head(request, prefix_.size(), upstream_port_);
        return exchange(upstream_port_, forwarded);
    });
}

}  // namespace qbt::testing
