#include "http_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace qbt::testing {

HttpReceiver::HttpReceiver(std::deque<int> script) : script_(std::move(script)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listen_fd_, 16) != 0)
        throw std::runtime_error("HttpReceiver: cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

HttpReceiver::~HttpReceiver() {
    stop_ = true;
    thread_.join();
    close(listen_fd_);
    for (int fd : held_) close(fd);
}

std::string HttpReceiver::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<ReceivedRequest> HttpReceiver::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

size_t HttpReceiver::count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
}

void HttpReceiver::serve() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        const int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) handle(fd);
    }
}

void HttpReceiver::handle(int fd) {
    std::string data;
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    char buffer[4096];
    // Read the head, then Content-Length bytes of body (2 s at most).
    for (int waited = 0; waited < 2000 && !stop_;) {
        if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) break;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 20) <= 0) {
            waited += 20;
            continue;
        }
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<size_t>(n));
        if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
            std::string head = data.substr(0, header_end);
            std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
            if (auto at = head.find("content-length:"); at != std::string::npos)
                content_length = std::stoul(head.substr(at + 15));
        }
    }
    ReceivedRequest request;
    if (header_end != std::string::npos) {
        const std::string head = data.substr(0, header_end);
        const size_t line_end = head.find("\r\n");
        const std::string first = head.substr(0, line_end);
        request.method = first.substr(0, first.find(' '));
        request.path = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
            size_t end = head.find("\r\n", pos);
            if (end == std::string::npos) end = head.size();
            const std::string line = head.substr(pos, end - pos);
            if (auto colon = line.find(':'); colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
                std::string value = line.substr(colon + 1);
                value.erase(0, value.find_first_not_of(' '));
                request.headers[name] = value;
            }
            pos = end + 2;
        }
        request.body = data.substr(header_end + 4);
    }
    int status = 200;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
        if (!script_.empty()) {
            status = script_.front();
            script_.pop_front();
        }
        if (status == kHang) {
            held_.push_back(fd);
            return;
        }
    }
    const std::string body = status < 300 ? "ok" : "error";
    const std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    (void)send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    close(fd);
}

}  // namespace qbt::testing
