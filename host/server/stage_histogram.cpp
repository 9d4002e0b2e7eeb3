#include "server/stage_histogram.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <bit>
#include <cmath>

namespace qbt::server {

// Values below 8 µs get a bucket each; above, bucket = 8 * (floor(log2 v) - 2) + the next
// three bits of v.
int StageHistogram::bucket_of(uint64_t micros) {
    if (micros < kSubBuckets) return static_cast<int>(micros);
    const int exponent = std::bit_width(micros) - 1;  // >= 3
    const int sub = static_cast<int>((micros >> (exponent - 3)) & 7);
    return std::min(kBuckets - 1, kSubBuckets * (exponent - 2) + sub);
}

uint64_t StageHistogram::upper_bound(int bucket) {
    if (bucket < kSubBuckets) return static_cast<uint64_t>(bucket);
    const int exponent = bucket / kSubBuckets + 2, sub = bucket % kSubBuckets;
    return ((uint64_t{8} + static_cast<uint64_t>(sub) + 1) << (exponent - 3)) - 1;
}

void StageHistogram::record(uint64_t micros) {
    ++buckets_[static_cast<size_t>(bucket_of(micros))];
    ++count_;
    max_ = std::max(max_, micros);
}

uint64_t StageHistogram::percentile(double q) const {
    if (count_ == 0) return 0;
    const auto wanted = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
    uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += buckets_[static_cast<size_t>(b)];
        if (seen >= std::max<uint64_t>(1, wanted)) return std::min(upper_bound(b), max_);
    }
    return max_;
}

std::string StageHistogram::summary() const {
    return fmt::format("p50 {} us, p90 {} us, p99 {} us, p99.9 {} us, max {} us", percentile(0.5), percentile(0.9),
                       percentile(0.99), percentile(0.999), max_);
}

}  // namespace qbt::server
