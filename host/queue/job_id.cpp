// new_job_id(): UUIDv7 (RFC 9562 section 5.7), monotonic within the process (method 1 of
// section 6.2: a 12-bit counter in rand_a, seeded randomly each new millisecond; when it
// runs over, the timestamp moves on by one millisecond, as 6.2 allows).
#include "queue/job.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>

namespace qbt::queue {
namespace {

std::mt19937_64& random_bits() {
    thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    return generator;
}

uint64_t unix_millis() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

// The last (milliseconds << 12 | counter) handed out: every id takes a larger one, so ids
// made by any thread sort in the order they were made, even if the clock steps back.
std::atomic<uint64_t> last_stamp{0};

uint64_t next_stamp(uint64_t millis, uint64_t random) {
    // A fresh millisecond starts the counter at a random value below 2048, leaving at least
    // 2048 ids in that millisecond before it carries into the timestamp.
    const uint64_t fresh = (millis << 12) | (random & 0x7FF);
    uint64_t previous = last_stamp.load(std::memory_order_relaxed);
    uint64_t next = 0;
    do {
        next = (millis > (previous >> 12)) ? fresh : previous + 1;
    } while (!last_stamp.compare_exchange_weak(previous, next, std::memory_order_relaxed));
    return next;
}

}  // namespace

std::string new_job_id() {
    auto& random = random_bits();
    const uint64_t stamp = next_stamp(unix_millis() & 0xFFFFFFFFFFFFULL, random());
    const uint64_t millis = (stamp >> 12) & 0xFFFFFFFFFFFFULL, counter = stamp & 0xFFF;
    const uint64_t rand_b = (random() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
    char out[37];
    std::snprintf(out, sizeof out, "%08llx-%04llx-7%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(millis >> 16),
                  static_cast<unsigned long long>(millis & 0xFFFF),
                  static_cast<unsigned long long>(counter),
                  static_cast<unsigned long long>(rand_b >> 48),
                  static_cast<unsigned long long>(rand_b & 0xFFFFFFFFFFFFULL));
    return out;
}

}  // namespace qbt::queue
