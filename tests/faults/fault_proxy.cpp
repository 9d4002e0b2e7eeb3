#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace qbt::faults {

namespace {

bool send_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

size_t content_length(const std::string& head) {
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 17, nullptr, 10);
}

// Reads one HTTP message (head + Content-Length body) from `buffer` + fd; leftover
// bytes stay in `buffer`. False on EOF/error before a whole message.
bool read_message(int fd, std::string& buffer, std::string& message) {
    char chunk[16384];
    for (;;) {
        const size_t end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            const size_t total = end + 4 + content_length(buffer.substr(0, end + 2));
            if (buffer.size() >= total) {
                message = buffer.substr(0, total);
                buffer.erase(0, total);
                return true;
            }
        }
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<size_t>(n));
    }
}

// qBittorrent refuses a Host header that is not its own (host header validation):
// present the request as if it came straight to it.
std::string with_host(const std::string& request, int port) {
    std::string lower = request.substr(0, request.find("\r\n\r\n"));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const size_t at = lower.find("\r\nhost:");
    if (at == std::string::npos) return request;
    const size_t end = request.find("\r\n", at + 2);
    return request.substr(0, at) + "\r\nHost: 127.0.0.1:" + std::to_string(port) + request.substr(end);
}

int connect_local(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
        throw std::runtime_error("FaultProxy: cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    closing_ = true;
    cv_.notify_all();
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    {
        std::lock_guard lock(mutex_);
        for (int fd : clients_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
    ::close(listen_fd_);
}

void FaultProxy::set_mode(ProxyMode mode, const std::string& pattern, int delay_ms) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
    pattern_ = pattern;
    delay_ms_ = delay_ms;
}

int FaultProxy::forwarded(const std::string& method_and_path) const {
    std::lock_guard lock(mutex_);
    auto it = forwarded_.find(method_and_path);
    return it == forwarded_.end() ? 0 : it->second;
}

bool FaultProxy::pause(int ms) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return closing_.load(); });
    return !closing_;
}

void FaultProxy::accept_loop() {
    while (!closing_) {
        const int client = ::accept(listen_fd_, nullptr, nullptr);
        if (client < 0) return;
        std::lock_guard lock(mutex_);
        clients_.push_back(client);
        threads_.emplace_back([this, client] { serve(client); });
    }
}

void FaultProxy::serve(int client) {
    std::string buffer, request, answer;
    while (!closing_ && read_message(client, buffer, request)) {
        const std::string line = request.substr(0, request.find("\r\n"));
        const size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
        std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        const std::string key = line.substr(0, sp1) + " " + target.substr(0, target.find('?'));
        const int upstream = connect_local(upstream_port_);
        if (upstream < 0) break;  // qBittorrent is down: the client sees a closed connection
        std::string upstream_buffer;
        request = with_host(request, upstream_port_);
        const bool answered = send_all(upstream, request.data(), request.size()) &&
                              read_message(upstream, upstream_buffer, answer);
        ::close(upstream);
        ProxyMode mode;
        int delay_ms;
        {
            std::lock_guard lock(mutex_);
            ++forwarded_[key];
            const bool hit = pattern_.empty() || key.find(pattern_) != std::string::npos;
            mode = hit ? mode_ : ProxyMode::Pass;
            delay_ms = delay_ms_;
        }
        if (!answered) break;
        if (mode == ProxyMode::Delay && !pause(delay_ms)) break;
        if (mode == ProxyMode::CloseWithoutAnswer) break;
        if (mode == ProxyMode::CutMidAnswer) {
            send_all(client, answer.data(), answer.size() / 2);
            break;
        }
        if (!send_all(client, answer.data(), answer.size())) break;
    }
    {  // drop it from the list before closing: the fd number may be reused at once
        std::lock_guard lock(mutex_);
        clients_.erase(std::remove(clients_.begin(), clients_.end(), client), clients_.end());
    }
    ::close(client);
}

}  // namespace qbt::faults
