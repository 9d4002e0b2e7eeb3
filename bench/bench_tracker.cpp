#include "bench_tracker.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace qbt::bench {

namespace {
const std::string kGone = "d14:failure reason20:unregistered torrente";
const std::string kOk = "d8:intervali3600e5:peers0:e";

std::string http_answer(const std::string& body) {
    return "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}
}  // namespace

BenchTracker::BenchTracker() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("BenchTracker: socket() failed");
    int yes = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 512) != 0) {
        close(fd_);
        throw std::runtime_error("BenchTracker: cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

BenchTracker::~BenchTracker() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
}

void BenchTracker::serve() {
    while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) continue;
        // The request line is all we need; announces are small GETs.
        std::string request;
        char buffer[2048];
        pollfd c{client, POLLIN, 0};
        while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384 && poll(&c, 1, 1000) > 0) {
            ssize_t n = recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            request.append(buffer, static_cast<size_t>(n));
        }
        const std::string line = request.substr(0, request.find("\r\n"));
        const bool gone = line.find("/gone/") != std::string::npos;
        ++announces_;
        if (gone) ++gone_;
        const std::string answer = http_answer(gone ? kGone : kOk);
        (void)!send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
        close(client);
    }
}

}  // namespace qbt::bench
