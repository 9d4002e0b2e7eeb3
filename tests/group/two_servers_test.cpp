// Issue 9 "done when": one redis-server, two qbittorrent-nox (instances a and b), two
// `qbt-rules --serve` children sharing the Redis queue. Jobs for both instances flooded
// through both servers: every job ran exactly once, no two jobs of one instance overlap,
// both servers did work. Then kill -9 of a server mid-job: the other server recovers the
// job only after its lease (3 s) expired, and completes it once.
#include "group_lab.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

namespace qbt::group_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

constexpr double kLeaseSeconds = 3;

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

// How many "job <id> completed"/"failed" lines the server logs hold for each job id.
std::map<std::string, int> finished_in_logs(GroupLab& lab) {
    std::map<std::string, int> count;
    const std::regex ended(R"(job ([0-9a-f-]{36}) (completed|failed) )");
    for (size_t i = 0; i < lab.servers(); ++i) {
        std::ifstream in(lab.server(i).log_path());
        std::smatch m;
        for (std::string line; std::getline(in, line);)
            if (std::regex_search(line, m, ended)) ++count[m[1]];
    }
    return count;
}

// Per instance, completed jobs' [started_at, completed_at] never overlap.
void expect_no_overlap(const std::vector<JobRecord>& jobs) {
    std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> by_instance;
    for (const auto& job : jobs)
        if (job.status == "completed") by_instance[job.instance].push_back({job.started_us, job.completed_us});
    for (auto& [instance, spans] : by_instance) {
        std::sort(spans.begin(), spans.end());
        for (size_t i = 1; i < spans.size(); ++i)
            EXPECT_LE(spans[i - 1].second, spans[i].first) << "instance " << instance << ": job " << i
                                                           << " started before the previous one completed";
    }
}

bool all_final(GroupLab& lab, size_t expected, size_t via = 0) {
    const auto jobs = lab.jobs(via);
    if (jobs.size() < expected) return false;
    return std::all_of(jobs.begin(), jobs.end(), [](const JobRecord& j) {
        return j.status == "completed" || j.status == "failed" || j.status == "cancelled";
    });
}

TEST(GroupTwoServers, FloodRunsEveryJobOnceAndKillNineIsRecoveredAfterTheLease) {
    std::unique_ptr<GroupLab> lab;
    try {
        lab = std::make_unique<GroupLab>(kLeaseSeconds, Work{});
    } catch (const std::exception& e) {
        GTEST_SKIP() << "lab services unavailable: " << e.what();
    }
    std::string why;
    ASSERT_TRUE(lab->start_server(&why)) << why;
    ASSERT_TRUE(lab->start_server(&why)) << why;

    // Flood: 48 jobs, alternating instance and server.
    constexpr int kFlood = 48;
    std::vector<std::string> ids;
    for (int i = 0; i < kFlood; ++i) {
        faults::ApiResult answer;
        const std::string id =
            lab->server(i % 2).execute(std::string("context=work&instance=") + (i % 4 < 2 ? "a" : "b"), &answer);
        ASSERT_FALSE(id.empty()) << "POST /api/execute failed at " << i << ": " << answer.code << " " << answer.body
                                 << answer.error << "\n" << lab->server(i % 2).log_tail();
        ids.push_back(id);
    }
    ASSERT_TRUE(faults::wait_for([&] { return all_final(*lab, kFlood); }, 60s)) << lab->server(0).log_tail();
    auto jobs = lab->jobs();
    ASSERT_EQ(jobs.size(), static_cast<size_t>(kFlood));
    std::map<std::string, int> per_worker, per_instance;
    for (const auto& job : jobs) {
        EXPECT_EQ(job.status, "completed") << job.id << ": " << job.error;
        EXPECT_EQ(job.attempts, 1) << job.id;
        ++per_worker[job.worker];
        ++per_instance[job.instance];
    }
    EXPECT_EQ(per_instance["a"], kFlood / 2);
    EXPECT_EQ(per_instance["b"], kFlood / 2);
    EXPECT_GT(per_worker["server-0"], 0) << "server-0 did no work";
    EXPECT_GT(per_worker["server-1"], 0) << "server-1 did no work";
    for (const auto& [id, n] : finished_in_logs(*lab)) EXPECT_EQ(n, 1) << "job " << id << " ran " << n << " times";
    expect_no_overlap(jobs);

    // Health shows the group: both servers, pending per instance.
    const auto health = lab->server(1).get("/api/health");
    rapidjson::Document h = faults::parse(health.body);
    ASSERT_TRUE(h.HasMember("group")) << health.body;
    EXPECT_EQ(faults::text_at(h, {"group", "server_id"}), "server-1");
    EXPECT_EQ(h["group"]["servers"].Size(), 2u) << health.body;
    EXPECT_TRUE(h["group"]["pending"].HasMember("a")) << health.body;

    // kill -9 of server-0 while it runs a long job.
    for (int i = 0; i < 4; ++i) lab->server(i % 2).execute(std::string("context=long&instance=") + (i % 2 ? "b" : "a"));
    std::string victim;
    ASSERT_TRUE(faults::wait_for([&] {
        for (const auto& job : lab->jobs())
            if (job.status == "processing" && job.worker == "server-0") victim = job.id;
        return !victim.empty();
    }, 30s));
    std::this_thread::sleep_for(300ms);  // well inside the job (3 s of calls)
    lab->server(0).kill_now();
    const int64_t killed_at = now_us();
    ASSERT_TRUE(faults::wait_for([&] { return all_final(*lab, kFlood + 4, 1); }, 60s)) << lab->server(1).log_tail();
    jobs = lab->jobs(1);
    const auto it = std::find_if(jobs.begin(), jobs.end(), [&](const JobRecord& j) { return j.id == victim; });
    ASSERT_NE(it, jobs.end());
    EXPECT_EQ(it->status, "completed") << it->error;
    EXPECT_EQ(it->worker, "server-1");
    EXPECT_EQ(it->attempts, 2);
    // Renewed every second, the lease outlived the kill by at least 2 s.
    EXPECT_GE(it->started_us, killed_at + 2'000'000 - 200'000)
        << "recovered " << (it->started_us - killed_at) / 1000 << " ms after the kill";
    for (const auto& [id, n] : finished_in_logs(*lab)) EXPECT_EQ(n, 1) << "job " << id << " finished " << n << " times";
    expect_no_overlap(jobs);
    for (const auto& job : jobs) EXPECT_EQ(job.status, "completed") << job.id << ": " << job.error;
}

}  // namespace
}  // namespace qbt::group_test
