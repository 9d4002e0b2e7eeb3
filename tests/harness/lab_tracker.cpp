#include "lab_tracker.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "bencode.hpp"
#include "net.hpp"
#include "torrent_maker.hpp"

namespace qbt::testing {
namespace {

// The reason phrase is what qBittorrent shows as the tracker message of an HTTP error.
std::string reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 404: return "Not Found";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Error";
    }
}

std::string http_answer(int status, const std::string& body) {
    const std::string reason = reason_phrase(status);
    return "HTTP/1.0 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

std::string body_for(const TrackerReply& reply) {
    if (reply.http_status != 200) return "tracker error " + std::to_string(reply.http_status);
    std::string body = "d";
    if (!reply.failure_reason.empty()) {
        bencode::put_string(body, "failure reason");
        bencode::put_string(body, reply.failure_reason);
    } else {
        bencode::put_string(body, "interval");
        bencode::put_int(body, 3600);
        bencode::put_string(body, "peers");
        bencode::put_string(body, "");
    }
    return body + "e";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The info_hash query parameter (20 percent-encoded bytes) as 40 lowercase hex digits.
std::string info_hash_of(const std::string& target) {
    const auto start = target.find("info_hash=");
    if (start == std::string::npos) return "";
    std::string raw;
    for (size_t i = start + 10; i < target.size() && target[i] != '&'; ++i) {
        if (target[i] == '%' && i + 2 < target.size() && hex_digit(target[i + 1]) >= 0 && hex_digit(target[i + 2]) >= 0) {
            raw += static_cast<char>(hex_digit(target[i + 1]) * 16 + hex_digit(target[i + 2]));
            i += 2;
        } else {
            raw += target[i];
        }
    }
    return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

}  // namespace

LabTracker::LabTracker() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("LabTracker: socket() failed");
    int yes = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 512) != 0) {
        close(fd_);
        throw std::runtime_error("LabTracker: cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

LabTracker::~LabTracker() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
}

std::string LabTracker::announce_url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void LabTracker::reply_for_hash(const std::string& info_hash_hex, TrackerReply reply) {
    std::lock_guard lock(mutex_);
    by_hash_[info_hash_hex] = std::move(reply);
}

void LabTracker::reply_for_path(const std::string& path_part, TrackerReply reply) {
    std::lock_guard lock(mutex_);
    by_path_.emplace_back(path_part, std::move(reply));
}

void LabTracker::default_reply(TrackerReply reply) {
    std::lock_guard lock(mutex_);
    default_ = std::move(reply);
}

uint64_t LabTracker::announces_for_hash(const std::string& info_hash_hex) const {
    std::lock_guard lock(mutex_);
    auto it = hash_counts_.find(info_hash_hex);
    return it == hash_counts_.end() ? 0 : it->second;
}

uint64_t LabTracker::announces_for_path(const std::string& path_part) const {
    std::lock_guard lock(mutex_);
    uint64_t count = 0;
    for (const auto& path : paths_seen_) count += path.find(path_part) != std::string::npos ? 1 : 0;
    return count;
}

TrackerReply LabTracker::choose(const std::string& path, const std::string& hash) {
    std::lock_guard lock(mutex_);
    ++hash_counts_[hash];
    paths_seen_.push_back(path);
    if (auto it = by_hash_.find(hash); it != by_hash_.end()) return it->second;
    for (const auto& [part, reply] : by_path_)
        if (path.find(part) != std::string::npos) return reply;
    return default_;
}

void LabTracker::answer(int client) {
    // The request line is all a tracker needs; announces are small GETs.
    std::string request;
    char buffer[2048];
    pollfd c{client, POLLIN, 0};
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384 && poll(&c, 1, 1000) > 0) {
        ssize_t n = recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
    }
    const std::string line = request.substr(0, request.find("\r\n"));  // GET <target> HTTP/1.x
    const auto first = line.find(' ');
    const std::string target = first == std::string::npos ? "" : line.substr(first + 1, line.rfind(' ') - first - 1);
    const std::string path = target.substr(0, target.find('?'));
    ++announces_;
    const TrackerReply reply = choose(path, info_hash_of(target));
    const std::string answer = http_answer(reply.http_status, body_for(reply));
    (void)!send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
}

void LabTracker::serve() {
    while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) continue;
        answer(client);
        close(client);
    }
}

std::string refused_tracker_url() { return "http://127.0.0.1:" + std::to_string(free_port()) + "/announce"; }

}  // namespace qbt::testing
