// Replays every input under fuzz/regressions/<target>/ (inputs that once crashed or hung
// a fuzzer) and fuzz/corpus/<target>/ (the seeds) through the fuzz entry functions, in the
// normal suite without libFuzzer. An entry aborts on a broken invariant.
#include "targets.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Entry = int (*)(const uint8_t*, size_t);

// Runs each file of fuzz/<kind>/<target>; returns how many.
int replay(const std::string& target, Entry entry) {
    const char* root = std::getenv("QBT_TEST_SOURCE_ROOT");
    EXPECT_TRUE(root) << "run through meson test";
    if (!root) return 0;
    int count = 0;
    for (const char* kind : {"regressions", "corpus"}) {
        const fs::path dir = fs::path(root) / "fuzz" / kind / target;
        if (!fs::is_directory(dir)) continue;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir)) if (e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::fprintf(stderr, "replay %s\n", file.c_str());  // the last line names a crasher
            const auto start = std::chrono::steady_clock::now();
            EXPECT_EQ(entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0) << file;
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            EXPECT_LT(seconds, 5.0) << file << " took " << seconds << " s (a hang regression?)";
            ++count;
        }
    }
    return count;
}

TEST(FuzzRegressions, RulesLoader) { EXPECT_GT(replay("rules_loader", qbt::fuzz::rules_loader_one), 0); }
TEST(FuzzRegressions, HttpParams) { EXPECT_GT(replay("http_params", qbt::fuzz::http_params_one), 0); }
TEST(FuzzRegressions, ConditionEval) { EXPECT_GT(replay("condition_eval", qbt::fuzz::condition_eval_one), 0); }

}  // namespace
