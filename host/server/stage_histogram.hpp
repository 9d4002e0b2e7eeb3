// Durations of one stage of a request (microseconds) in log-scale buckets: 8 per power of
// two (±5 % resolution) from 1 µs to ~70 minutes, in a fixed 2 KB, so a committer can keep
// the figures of every request of a run (p99 of 100,000 requests) without growing.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace qbt::server {

class StageHistogram {
public:
    void record(uint64_t micros);
    uint64_t count() const { return count_; }
    // The smallest bucket bound under which a fraction q of the samples fall (0 when empty).
    uint64_t percentile(double q) const;
    uint64_t max() const { return max_; }
    // "p50 120 us, p90 300 us, p99 1,800 us, max 70,000 us"
    std::string summary() const;
    void reset() { *this = StageHistogram{}; }

private:
    static constexpr int kSubBuckets = 8;
    static constexpr int kBuckets = 32 * kSubBuckets;
    static int bucket_of(uint64_t micros);
    static uint64_t upper_bound(int bucket);

    std::array<uint64_t, kBuckets> buckets_{};
    uint64_t count_ = 0;
    uint64_t max_ = 0;
};

}  // namespace qbt::server
