#include "tiny_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace qbt::testing {
namespace {

size_t content_length(const std::string& head) {
    std::string lower;
    for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 17));
}

}  // namespace

std::string read_http_request(int fd) {
    std::string data;
    char buffer[8192];
    pollfd waiter{fd, POLLIN, 0};
    while (::poll(&waiter, 1, 3000) > 0) {
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<size_t>(n));
        size_t head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos && data.size() >= head_end + 4 + content_length(data.substr(0, head_end)))
            return data;
    }
    return "";
}

TinyHttpServer::TinyHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("TinyHttpServer: cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

TinyHttpServer::~TinyHttpServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_fd_);
}

std::vector<std::string> TinyHttpServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::string TinyHttpServer::response(int status, const std::string& reason, const std::string& content_type,
                                     const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void TinyHttpServer::serve() {
    while (!stopping_) {
        pollfd waiter{listen_fd_, POLLIN, 0};
        if (::poll(&waiter, 1, 100) <= 0) continue;
        int client = ::accept(listen_fd_, nullptr, nullptr);
        if (client < 0) continue;
        handle(client);
        ::close(client);
    }
}

void TinyHttpServer::handle(int client) {
    std::string request = read_http_request(client);
    if (request.empty()) return;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
    }
    std::string answer = handler_(request);
    for (size_t sent = 0; sent < answer.size();) {
        ssize_t n = ::send(client, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
}

}  // namespace qbt::testing
