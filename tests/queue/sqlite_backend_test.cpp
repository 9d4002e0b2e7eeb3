// SQLite-only behaviour: migration from the seed tool's table, reopening, two
// "processes" on one file, configuration errors.
#include "queue_fixture.hpp"

#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <future>
#include <map>
#include <thread>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;

class SqliteBackend : public ::testing::Test {
protected:
    SqliteBackend() { config.sqlite_path = (dir.path() / "qbt-rules.db").string(); }
    std::unique_ptr<queue::JobQueue> open() {
        return std::make_unique<queue::JobQueue>(queue_registry(), config);
    }
    void sql(const std::string& statement) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(config.sqlite_path.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
        EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    }
    int64_t user_version() {
        sqlite3* db = nullptr;
        sqlite3_open(config.sqlite_path.c_str(), &db);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
        sqlite3_step(stmt);
        int64_t v = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return v;
    }

    testing::TempDir dir{"qbt-sqlite-"};
    config::QueueConfig config;
};

TEST_F(SqliteBackend, MigratesTheSeedToolsTable) {
    sql(R"(CREATE TABLE jobs (job_id TEXT PRIMARY KEY, context TEXT, hash TEXT,
             status TEXT NOT NULL, created_at TIMESTAMP NOT NULL, started_at TIMESTAMP,
             completed_at TIMESTAMP, result TEXT, error TEXT);
           CREATE INDEX idx_status ON jobs(status);
           CREATE INDEX idx_created_at ON jobs(created_at DESC);
           CREATE INDEX idx_context ON jobs(context);
           INSERT INTO jobs VALUES ('old-done', 'weekly-cleanup', NULL, 'completed',
             '2024-01-01T00:00:00', '2024-01-01T00:00:05', '2024-01-01T00:00:10',
             '{"total_torrents": 10, "rules_matched": 3}', NULL);
           INSERT INTO jobs VALUES ('old-pending-2', 'download-finished', 'abc123', 'pending',
             '2024-01-02T00:00:02', NULL, NULL, NULL, NULL);
           INSERT INTO jobs VALUES ('old-pending-1', 'adhoc-run', NULL, 'pending',
             '2024-01-02T00:00:01', NULL, NULL, NULL, NULL);)");
    auto queue = open();
    EXPECT_EQ(user_version(), 5);  // v1 -> v2 -> v3 (instance column) -> v4 (list indexes) -> v5 (not_before)

    auto done = queue->get("old-done");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, "completed");
    EXPECT_EQ(done->context.value_or(""), "weekly-cleanup");
    EXPECT_FALSE(done->hash);
    EXPECT_EQ(done->completed_at.value_or(""), "2024-01-01T00:00:10");
    EXPECT_EQ(done->result_json.value_or(""), R"({"total_torrents":10,"rules_matched":3})");

    auto list = queue->list(std::nullopt, std::nullopt, 10, 0);
    EXPECT_EQ(list.total, 3u);
    EXPECT_EQ(list.jobs.front().job_id, "old-pending-2");  // newest first

    auto first = queue->dequeue(0ms, "w");  // oldest pending first
    ASSERT_TRUE(first);
    EXPECT_EQ(first->job_id, "old-pending-1");
    auto second = queue->dequeue(0ms, "w");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->job_id, "old-pending-2");
    EXPECT_EQ(second->hash.value_or(""), "abc123");

    queue.reset();  // reopening an already migrated file changes nothing
    queue = open();
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 3u);
    EXPECT_EQ(queue->get("old-pending-2")->status, "processing");
}

TEST_F(SqliteBackend, ReopenAfterCloseKeepsJobs) {
    auto queue = open();
    auto job = make_job("persist");
    queue->enqueue(job);
    queue.reset();
    queue = open();
    auto again = queue->get(job.job_id);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->context.value_or(""), "persist");
    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, job.job_id);
}

// The WAL checkpointer starts the WAL over once writes pause, so a burst does not leave
// megabytes of WAL behind (and the jobs of the burst are all still there).
TEST_F(SqliteBackend, WalIsStartedOverOnceWritesPause) {
    auto queue = open();
    const std::filesystem::path wal = config.sqlite_path + "-wal";
    std::vector<queue::Job> batch;
    for (int i = 0; i < 2000; ++i) {
        batch.push_back(make_job("burst"));
        if (batch.size() == 100) queue->enqueue_many(batch), batch.clear();
    }
    const auto grown = std::filesystem::file_size(wal);
    EXPECT_GT(grown, 1u << 20) << "the burst should have written a large WAL";
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::filesystem::file_size(wal) > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_EQ(std::filesystem::file_size(wal), 0u) << "the WAL was not started over after " << grown << " bytes";
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 0, 0).total, 2000u);
}

// During an enqueue burst the checkpointer leaves the WAL alone until it holds
// WalCheckpointer::kBurstFrames (16 MB): each checkpoint that copies the whole WAL makes
// the next commit start the WAL over and sync its header, and the requests waiting for
// that commit wait for the fsync (issue 17). Checkpointing every 200 ms, as before, copied
// pages into the database file at every tick of this burst.
TEST_F(SqliteBackend, WalIsNotCheckpointedDuringABurst) {
    auto queue = open();
    queue->enqueue(make_job("burst"));
    const auto database_size = std::filesystem::file_size(config.sqlite_path);
    // 1.2 s of one-job commits (six checkpointer ticks), well under 16 MB of WAL (4,096
    // frames): a commit writes ~9 pages (the table, its 7 indexes, the header), so at most
    // 300 commits, ~2,700 frames. (Every 2 ms instead, a quiet machine made 515 commits and
    // passed 4,096 frames, where a checkpoint is right.)
    int commits = 0;
    const auto end = std::chrono::steady_clock::now() + 1200ms;
    while (std::chrono::steady_clock::now() < end) {
        queue->enqueue(make_job("burst"));
        ++commits;
        std::this_thread::sleep_for(4ms);
    }
    const auto wal_frames = (std::filesystem::file_size(config.sqlite_path + "-wal") - 32) / (4096 + 24);
    ASSERT_LT(wal_frames, 4096u) << "the burst itself passed 16 MB of WAL (" << commits << " commits)";
    EXPECT_EQ(std::filesystem::file_size(config.sqlite_path), database_size)
        << "pages were checkpointed into the database during a burst of " << commits << " commits ("
        << wal_frames << " WAL frames)";
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 0, 0).total, static_cast<uint64_t>(commits) + 1);
}

// Schema v4: every list page (GET /api/jobs, newest first, optionally by status or
// context) and the dequeue are read in index order, never sorted in a temporary b-tree
// (which cost 25-93 ms per page on 62,000 jobs).
TEST_F(SqliteBackend, ListPagesAndDequeueNeedNoSort) {
    auto queue = open();
    for (int i = 0; i < 50; ++i) queue->enqueue(make_job(i % 2 ? "a" : "b"));
    sql("ANALYZE");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(config.sqlite_path.c_str(), &db), SQLITE_OK);
    auto plan = [&](const std::string& query) {
        sqlite3_stmt* stmt = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + query).c_str(), -1, &stmt, nullptr), SQLITE_OK)
            << sqlite3_errmsg(db);
        std::string text;
        while (sqlite3_step(stmt) == SQLITE_ROW) text += std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3))) + "; ";
        sqlite3_finalize(stmt);
        return text;
    };
    const std::string order = " ORDER BY created_at DESC, seq DESC LIMIT 50 OFFSET 0";
    for (const std::string where : {"", " WHERE status = 'failed'", " WHERE context = 'a'",
                                    " WHERE status = 'completed' AND context = 'a'"}) {
        const std::string text = plan("SELECT document FROM jobs" + where + order);
        EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << where << ": " << text;
    }
    const std::string dequeue = plan("SELECT job_id, document FROM jobs WHERE status = 'pending' AND (not_before IS NULL"
                                     " OR not_before <= '2030-01-01T00:00:00.000000Z') ORDER BY seq LIMIT 1");
    EXPECT_EQ(dequeue.find("TEMP B-TREE"), std::string::npos) << dequeue;
    sqlite3_close(db);
}

TEST_F(SqliteBackend, TwoInstancesOnOneFileNeverDoubleDequeue) {
    auto producer = open();
    constexpr int kJobs = 300;
    for (int i = 0; i < kJobs; ++i) producer->enqueue(make_job("shared"));
    auto drain = [&](std::string worker) {
        auto own = open();  // its own pool of connections, like a second process
        std::vector<std::string> taken;
        while (auto job = own->dequeue(0ms, worker)) taken.push_back(job->job_id);
        return taken;
    };
    auto a = std::async(std::launch::async, drain, "a");
    auto b = std::async(std::launch::async, drain, "b");
    std::map<std::string, int> seen;
    for (const auto& id : a.get()) ++seen[id];
    for (const auto& id : b.get()) ++seen[id];
    EXPECT_EQ(seen.size(), size_t{kJobs});
    for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
}

TEST_F(SqliteBackend, TwoProcessesOnOneFileNeverDoubleDequeue) {
    constexpr int kJobs = 400;
    {
        auto producer = open();
        for (int i = 0; i < kJobs; ++i) producer->enqueue(make_job("forked"));
    }
    const std::string child_ids = (dir.path() / "child-ids.txt").string();
    queue_registry();  // load the plugins before forking
    int ready[2], go[2];  // both processes open their queue, then start together
    ASSERT_EQ(pipe(ready), 0);
    ASSERT_EQ(pipe(go), 0);
    char byte = 'x';
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // a second process: its own connections, no gtest assertions
        int status = 0;
        try {
            queue::JobQueue own(queue_registry(), config);
            std::ofstream out(child_ids);
            if (write(ready[1], &byte, 1) != 1 || read(go[0], &byte, 1) != 1) _exit(2);
            while (auto job = own.dequeue(0ms, "child")) out << job->job_id << "\n";
        } catch (...) {
            status = 1;
        }
        _exit(status);
    }
    std::map<std::string, int> seen;
    {
        auto own = open();
        ASSERT_EQ(read(ready[0], &byte, 1), 1);
        ASSERT_EQ(write(go[1], &byte, 1), 1);
        while (auto job = own->dequeue(0ms, "parent")) ++seen[job->job_id];
    }
    for (int fd : {ready[0], ready[1], go[0], go[1]}) close(fd);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed";
    std::ifstream in(child_ids);
    size_t from_child = 0;
    for (std::string id; std::getline(in, id);) {
        ++seen[id];
        ++from_child;
    }
    EXPECT_EQ(seen.size(), size_t{kJobs});
    for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
    std::cout << "child took " << from_child << " of " << kJobs << " jobs\n";
}

TEST_F(SqliteBackend, EnqueueInAnotherInstanceWakesABlockedDequeue) {
    auto worker = open();
    auto producer = open();
    auto waiter = std::async(std::launch::async, [&] { return worker->dequeue(5s, "w"); });
    std::this_thread::sleep_for(100ms);
    auto job = make_job("cross");
    producer->enqueue(job);
    auto taken = waiter.get();
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, job.job_id);
    // The job arrived while the dequeue waited: it is stamped when taken, not when the wait
    // began, so it never looks started before it was created (stored document included).
    ASSERT_TRUE(taken->started_at);
    EXPECT_GE(*taken->started_at, taken->created_at);
    auto stored = producer->get(job.job_id);
    ASSERT_TRUE(stored && stored->started_at);
    EXPECT_EQ(*stored->started_at, *taken->started_at);
}

TEST_F(SqliteBackend, SynchronousFullIsAcceptedAndBadValuesAreNamed) {
    config.sqlite_synchronous = "full";
    EXPECT_NO_THROW(open());
    config.sqlite_synchronous = "sometimes";
    try {
        open();
        FAIL() << "bad sqlite_synchronous accepted";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_INVALID);
        EXPECT_NE(std::string(e.what()).find("sqlite_synchronous"), std::string::npos) << e.what();
    }
}

TEST_F(SqliteBackend, UnwritableLocationIsAnIoErrorNamingThePath) {
    config.sqlite_path = "/proc/qbt-rules-test/queue.db";
    try {
        open();
        FAIL() << "opened a database under /proc";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_IO) << e.what();
        EXPECT_NE(std::string(e.what()).find("/proc/qbt-rules-test"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace qbt::queue_test
