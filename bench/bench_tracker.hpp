// A tiny BitTorrent HTTP tracker on 127.0.0.1 for the job bench, so tracker messages are
// realistic: announces whose path contains "/gone/" get "failure reason: unregistered
// torrent" (what the default rule "Tag torrents the tracker no longer knows" looks for);
// every other announce gets an empty peer list with a one-hour interval.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace qbt::bench {

class BenchTracker {
public:
    BenchTracker();  // listens on a free loopback port at once; throws std::runtime_error
    ~BenchTracker();
    BenchTracker(const BenchTracker&) = delete;
    BenchTracker& operator=(const BenchTracker&) = delete;

    int port() const { return port_; }
    uint64_t announces() const { return announces_; }
    uint64_t gone_announces() const { return gone_; }

private:
    void serve();

    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> announces_{0};
    std::atomic<uint64_t> gone_{0};
    std::thread thread_;
};

}  // namespace qbt::bench
