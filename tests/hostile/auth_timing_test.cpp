// The API key comparison does not leak where a wrong key differs: proven on the compare
// function itself (where an early exit would show as a large factor), then checked loosely
// over HTTP, where network noise dwarfs nanoseconds (so that bound is wide and mostly
// reported).
#include "hostile_support.hpp"
#include "server/auth.hpp"
#include "test_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace qt = qbt::testing;
namespace qh = qbt::hostile;
using qbt::server::constant_time_equals;

namespace {

double median(std::vector<double> samples) {
    std::nth_element(samples.begin(), samples.begin() + static_cast<long>(samples.size() / 2), samples.end());
    return samples[samples.size() / 2];
}

TEST(ConstantTimeEquals, IsCorrect) {
    EXPECT_TRUE(constant_time_equals("", ""));
    EXPECT_TRUE(constant_time_equals("abc", "abc"));
    EXPECT_FALSE(constant_time_equals("abc", "abd"));
    EXPECT_FALSE(constant_time_equals("abc", "xbc"));
    EXPECT_FALSE(constant_time_equals("abc", "abcd"));
    EXPECT_FALSE(constant_time_equals("abcd", "abc"));
    EXPECT_FALSE(constant_time_equals("", "a"));
    EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
    EXPECT_FALSE(constant_time_equals(std::string("a\0", 2), "a"));  // NUL is not an end
}

// A first-byte difference and a last-byte difference cost the same. An early-exit
// compare (memcmp, ==) makes the first ~100x cheaper on 16 KB keys; a constant-time one
// keeps the medians within a small factor even on a busy machine.
TEST(ConstantTimeEquals, TakesTheSameTimeWhereverTheKeysDiffer) {
    const std::string key(16384, 'k');
    std::string first = key, last = key;
    first.front() = 'x';
    last.back() = 'x';
    auto time_of = [&](const std::string& candidate) {
        const auto start = std::chrono::steady_clock::now();
        const bool equal = constant_time_equals(candidate, key);
        const auto end = std::chrono::steady_clock::now();
        EXPECT_FALSE(equal);
        return std::chrono::duration<double, std::micro>(end - start).count();
    };
    std::vector<double> first_times, last_times;
    for (int i = 0; i < 3000; ++i) {  // interleaved, so load changes hit both alike
        first_times.push_back(time_of(first));
        last_times.push_back(time_of(last));
    }
    const double ratio = median(first_times) / median(last_times);
    std::printf("compare 16 KB: first-byte diff %.2f us, last-byte diff %.2f us, ratio %.3f\n",
                median(first_times), median(last_times), ratio);
    EXPECT_GT(ratio, 0.5);
    EXPECT_LT(ratio, 2.0);
}

// Over HTTP: a key wrong in its last character and a key wrong everywhere (same length)
// are refused alike, in the same time within noise.
TEST(AuthTiming, OneCharWrongAndAllWrongKeysTakeTheSameTimeOverHttp) {
    qt::TestServer server;
    server.start();
    const int port = server.server->port();
    const std::string right = qt::kApiKey;
    std::string one_off = right;
    one_off.back() = 'X';
    const std::string all_wrong(right.size(), 'X');
    auto time_of = [&](const std::string& key) {
        const std::string request = qh::build_request("GET", "/api/stats", key);
        const auto start = std::chrono::steady_clock::now();
        const auto r = qh::raw_exchange(port, request);
        const auto end = std::chrono::steady_clock::now();
        EXPECT_EQ(r.code, 401);
        return std::chrono::duration<double, std::micro>(end - start).count();
    };
    std::vector<double> one_off_times, all_wrong_times;
    for (int i = 0; i < 2000; ++i) {
        one_off_times.push_back(time_of(one_off));
        all_wrong_times.push_back(time_of(all_wrong));
    }
    const double ratio = median(one_off_times) / median(all_wrong_times);
    std::printf("HTTP 401: one char wrong %.1f us, all wrong %.1f us (medians of 2000), ratio %.3f\n",
                median(one_off_times), median(all_wrong_times), ratio);
    // Wide bound: this only catches gross differences (e.g. a lookup or a sleep on one path).
    EXPECT_GT(ratio, 0.67);
    EXPECT_LT(ratio, 1.5);
}

}  // namespace
