#include "net.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace qbt::testing {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

int free_port() {
    Fd socket_fd{::socket(AF_INET, SOCK_STREAM, 0)};
    if (socket_fd.fd < 0) throw std::runtime_error(std::string("free_port: socket: ") + std::strerror(errno));
    sockaddr_in address = loopback(0);
    if (::bind(socket_fd.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error(std::string("free_port: bind 127.0.0.1:0: ") + std::strerror(errno));
    socklen_t length = sizeof address;
    if (::getsockname(socket_fd.fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error(std::string("free_port: getsockname: ") + std::strerror(errno));
    return ntohs(address.sin_port);
}

bool port_open(int port) {
    Fd socket_fd{::socket(AF_INET, SOCK_STREAM, 0)};
    if (socket_fd.fd < 0) return false;
    sockaddr_in address = loopback(port);
    return ::connect(socket_fd.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

std::string tcp_exchange(int port, const std::string& request, int timeout_ms) {
    Fd socket_fd{::socket(AF_INET, SOCK_STREAM, 0)};
    sockaddr_in address = loopback(port);
    if (socket_fd.fd < 0 || ::connect(socket_fd.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("tcp_exchange: cannot connect to 127.0.0.1:" + std::to_string(port));
    for (size_t sent = 0; sent < request.size();) {
        ssize_t n = ::send(socket_fd.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("tcp_exchange: send failed");
        sent += static_cast<size_t>(n);
    }
    std::string answer;
    char buffer[4096];
    pollfd waiter{socket_fd.fd, POLLIN, 0};
    while (::poll(&waiter, 1, timeout_ms) > 0) {
        ssize_t n = ::recv(socket_fd.fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<size_t>(n));
    }
    return answer;
}

}  // namespace qbt::testing
