// Polling for a condition in tests: every `poll` until it holds or `timeout` passes.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace qbt::testing {

inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds poll = std::chrono::milliseconds(50)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(poll);
    }
    return done();
}

}  // namespace qbt::testing
