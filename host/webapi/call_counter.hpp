// Thread-safe count of HTTP calls per endpoint.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace qbt::webapi {

class CallCounter {
public:
    void add(const std::string& endpoint) {
        std::lock_guard lock(mutex_);
        ++counts_[endpoint];
    }
    std::map<std::string, uint64_t> snapshot() const {
        std::lock_guard lock(mutex_);
        return counts_;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, uint64_t> counts_;
};

}  // namespace qbt::webapi
