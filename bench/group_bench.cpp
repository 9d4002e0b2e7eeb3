// group_bench: jobs/s of 1 vs 2 qbt-rules servers sharing one Redis, with 2 qBittorrent
// instances (issue 9). Each job makes `calls` real qBittorrent calls (GET app/version,
// `pause_ms` apart: the group_work test action), so a job's time is dominated by
// qBittorrent. One server runs the two instances' jobs one after another; two servers run
// them in parallel (one per instance lease), so the ratio should approach 2.
// Built from tests/group/meson.build (it reuses the group lab); run through
//   meson devenv -C <build> <build>/tests/group/group_bench [jobs] [rounds]
// or with QBT_TEST_BUILD_ROOT, QBT_RULES_EXE and QBT_RULES_PLUGINS_BUILTIN_DIR set.
#include "group_lab.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using qbt::group_test::GroupLab;

// utime + stime of a process in seconds (/proc/<pid>/stat).
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; rest >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Round {
    double jobs_per_second = 0;
    double server_cpu_seconds = 0;
};

Round run(int servers, int jobs) {
    GroupLab lab(10, qbt::group_test::Work{6, 30, 1, 0});
    std::string why;
    for (int i = 0; i < servers; ++i)
        if (!lab.start_server(&why)) throw std::runtime_error(why);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < jobs; ++i)
        if (lab.server(i % servers).execute(std::string("context=work&instance=") + (i % 2 ? "b" : "a")).empty())
            throw std::runtime_error("POST /api/execute failed");
    const bool done = qbt::faults::wait_for([&] {
        const auto all = lab.jobs();
        return static_cast<int>(all.size()) == jobs &&
               std::all_of(all.begin(), all.end(), [](const auto& j) { return j.status == "completed"; });
    }, 300s);
    if (!done) throw std::runtime_error("jobs did not all complete");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Round round{jobs / seconds, 0};
    for (int i = 0; i < servers; ++i) round.server_cpu_seconds += cpu_seconds(lab.server(i).pid());
    return round;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int jobs = argc > 1 ? std::atoi(argv[1]) : 40;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    try {
        std::vector<double> one, two, cpu_one, cpu_two;
        for (int r = 0; r < rounds; ++r) {
            const Round a = run(1, jobs), b = run(2, jobs);
            one.push_back(a.jobs_per_second), cpu_one.push_back(a.server_cpu_seconds);
            two.push_back(b.jobs_per_second), cpu_two.push_back(b.server_cpu_seconds);
            std::printf("round %d: 1 server %.2f jobs/s (%.2f s CPU), 2 servers %.2f jobs/s (%.2f s CPU)\n", r + 1,
                        a.jobs_per_second, a.server_cpu_seconds, b.jobs_per_second, b.server_cpu_seconds);
        }
        std::printf("median of %d rounds, %d jobs (2 instances, 6 qBittorrent calls per job):\n", rounds, jobs);
        std::printf("  1 server : %.2f jobs/s, server CPU %.2f s\n", median(one), median(cpu_one));
        std::printf("  2 servers: %.2f jobs/s, server CPU %.2f s\n", median(two), median(cpu_two));
        std::printf("  ratio 2/1: %.2fx\n", median(two) / median(one));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "group_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
