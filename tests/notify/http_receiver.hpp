// A tiny HTTP/1.1 receiver on 127.0.0.1 for notify tests: records every request and
// answers from a script (a status per request, 200 once the script is used up), or
// never answers ("hang") to test time bounds.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qbt::testing {

struct ReceivedRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

class HttpReceiver {
public:
    static constexpr int kHang = -1;  // a scripted "status" that never answers

    explicit HttpReceiver(std::deque<int> script = {});
    ~HttpReceiver();  // stops the thread, closes every connection
    HttpReceiver(const HttpReceiver&) = delete;
    HttpReceiver& operator=(const HttpReceiver&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path) const;
    std::vector<ReceivedRequest> requests() const;
    size_t count() const;

private:
    void serve();
    void handle(int fd);

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::deque<int> script_;
    std::vector<ReceivedRequest> requests_;
    std::vector<int> held_;  // connections left unanswered (hang)
    std::thread thread_;
};

}  // namespace qbt::testing
