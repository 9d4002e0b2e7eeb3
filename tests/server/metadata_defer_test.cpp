// Issue 19, the worker's side of waiting for metadata (host/worker/metadata_defer.cpp):
// which jobs may wait, the backoff, the bound, and the waiting document.
#include "worker/metadata_defer.hpp"

#include <gtest/gtest.h>

namespace qbt::worker {
namespace {

using namespace std::chrono_literals;
using Mode = engine::JobRequest::MetadataWait;
using SystemClock = std::chrono::system_clock;

queue::Job taken_job() {
    queue::Job job;
    job.job_id = "j";
    job.hash = "0123456789abcdef0123456789abcdef01234567";
    job.status = "processing";
    job.started_at = "2026-12-07T13:00:00.000000Z";
    job.worker = "w";
    job.attempts = 1;
    return job;
}

const MetadataPolicy kPolicy{600s, true, "sqlite"};

TEST(MetadataDefer, OnlyAJobForOneTorrentOnADeferringQueueWithinTheBoundWaits) {
    const auto now = SystemClock::now();
    engine::JobRequest request;
    queue::Job job = taken_job();
    plan_metadata_wait(request, job, kPolicy, now);
    EXPECT_EQ(request.metadata_wait, Mode::Wait);

    job.hash.reset();
    plan_metadata_wait(request, job, kPolicy, now);
    EXPECT_EQ(request.metadata_wait, Mode::Ignore);

    job = taken_job();
    plan_metadata_wait(request, job, {0s, true, "sqlite"}, now);
    EXPECT_EQ(request.metadata_wait, Mode::RunWithout);
    EXPECT_NE(request.metadata_note.find("engine.metadata_wait is 0"), std::string::npos);

    plan_metadata_wait(request, job, {600s, false, "witness"}, now);
    EXPECT_EQ(request.metadata_wait, Mode::RunWithout);
    EXPECT_NE(request.metadata_note.find("witness queue backend cannot defer"), std::string::npos);
}

TEST(MetadataDefer, BacksOffFromTwoSecondsDoublingToAMinuteAndNeverPastTheBound) {
    auto now = SystemClock::now();
    queue::Job job = taken_job();
    std::vector<int64_t> delays;
    for (int i = 0; i < 8; ++i) {
        Deferral d = deferral_of(job, kPolicy, now);
        const auto at = queue::unix_micros_from_iso(d.not_before);
        delays.push_back((at - std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count()) / 1000000);
        EXPECT_EQ(d.job.status, "pending");
        EXPECT_EQ(d.job.attempts, 0) << "the dequeue's attempt is taken back";
        EXPECT_FALSE(d.job.started_at);
        EXPECT_EQ(d.job.extra_json.at("waiting_for"), "\"metadata\"");
        EXPECT_EQ(d.job.extra_json.at("waits"), std::to_string(i + 1));
        job = d.job;
        job.attempts = 1;  // taken again
        now += std::chrono::seconds(delays.back());
    }
    EXPECT_EQ(delays, (std::vector<int64_t>{2, 4, 8, 16, 32, 60, 60, 60}));

    // 590 s after the first wait only 10 s are left; past the bound the job runs without.
    const auto first = now;
    job = deferral_of(taken_job(), kPolicy, first).job;
    job.extra_json["waits"] = "9";
    Deferral late = deferral_of(job, kPolicy, first + 590s);
    EXPECT_EQ(queue::unix_micros_from_iso(late.not_before),
              std::chrono::duration_cast<std::chrono::microseconds>((first + 600s).time_since_epoch()).count());
    engine::JobRequest request;
    plan_metadata_wait(request, late.job, kPolicy, first + 600s);
    EXPECT_EQ(request.metadata_wait, Mode::RunWithout);
    EXPECT_EQ(request.metadata_note,
              "metadata never arrived within 10m0s (engine.metadata_wait); the rules that need it were not run");
    end_wait(late.job);
    EXPECT_FALSE(late.job.extra_json.count("waiting_for"));
    EXPECT_FALSE(late.job.extra_json.count("not_before"));
    EXPECT_TRUE(late.job.extra_json.count("waits"));
}

TEST(MetadataDefer, DurationsReadLikeTheConfig) {
    EXPECT_EQ(duration_text(600s), "10m0s");
    EXPECT_EQ(duration_text(3s), "3s");
    EXPECT_EQ(duration_text(1500ms), "1.5s");
    EXPECT_EQ(duration_text(3900s), "1h5m0s");
}

}  // namespace
}  // namespace qbt::worker
