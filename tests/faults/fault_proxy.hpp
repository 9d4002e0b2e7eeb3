// A misbehaving HTTP proxy on 127.0.0.1 between the server and qBittorrent. It reads
// each request from the client (keep-alive), forwards it to qBittorrent on a fresh
// connection, reads the whole answer, and then, for requests whose path contains the
// mode's pattern: passes it on, delays it, closes without answering (the request WAS
// applied upstream), or sends half of it and closes. Counts what reached qBittorrent.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qbt::faults {

enum class ProxyMode { Pass, Delay, CloseWithoutAnswer, CutMidAnswer };

class FaultProxy {
public:
    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // Misbehave on requests whose path contains `pattern` ("" = every request).
    void set_mode(ProxyMode mode, const std::string& pattern = "", int delay_ms = 0);
    // Requests forwarded to qBittorrent, by "METHOD /path" (query dropped).
    int forwarded(const std::string& method_and_path) const;

private:
    void accept_loop();
    void serve(int client);
    bool pause(int ms);  // false when the proxy is closing

    int upstream_port_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> closing_{false};
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    ProxyMode mode_ = ProxyMode::Pass;
    std::string pattern_;
    int delay_ms_ = 0;
    std::map<std::string, int> forwarded_;
    std::vector<int> clients_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

}  // namespace qbt::faults
