// A tiny HTTP/1.1 server on 127.0.0.1 for client tests: one connection at a time, one
// request per connection, answered by a handler; records every request it saw.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qbt::testing {

class TinyHttpServer {
public:
    // Gets the raw request (head + body), returns the raw response bytes to send.
    using Handler = std::function<std::string(const std::string& raw_request)>;

    explicit TinyHttpServer(Handler handler);
    ~TinyHttpServer();

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> requests() const;

    // A complete response with Content-Length and Connection: close.
    static std::string response(int status, const std::string& reason, const std::string& content_type,
                                const std::string& body);

private:
    void serve();
    void handle(int client);

    Handler handler_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

// Reads one HTTP message (head and Content-Length body: a request, or a response that is
// not chunked) from a socket; "" on failure.
std::string read_http_request(int fd);

}  // namespace qbt::testing
