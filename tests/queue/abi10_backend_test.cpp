// A queue backend built against ABI 1.0 in the 1.1 host: its qbt_queue_backend ends before
// enqueue_many (struct_size says so), so the host must never call a 1.1 member — it stores
// a batch one job at a time and reports no group support. Simulated with the SQLite
// plugin's table cut at the 1.0 size, the 1.1 members pointing at traps.
#include "queue_fixture.hpp"

#include <cstddef>

#include "queue/group_queue.hpp"

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;

int g_trapped = 0;  // calls of a member past struct_size

int trap_enqueue_many(void*, const qbt_job* const*, size_t, qbt_error*) { return ++g_trapped, QBT_E_INTERNAL; }
int trap_dequeue_leased(void*, const qbt_leased_dequeue_request*, qbt_job_sink, void*, uint64_t*, qbt_error*) {
    return ++g_trapped, QBT_E_INTERNAL;
}

class Abi10Backend : public ::testing::Test {
protected:
    Abi10Backend() {
        const auto* sqlite = queue_registry().find_queue_backend("sqlite").descriptor;
        table = *sqlite;
        table.struct_size = offsetof(qbt_queue_backend, enqueue_many);  // the 1.0 layout ends here
        table.name = "sqlite-abi-1.0";
        table.enqueue_many = trap_enqueue_many;  // bytes a 1.0 plugin never wrote
        table.dequeue_leased = trap_dequeue_leased;
        plugin::LoadedPlugin record;
        record.id = "test.abi-1.0";
        record.abi_major = 1;
        record.abi_minor = 0;
        registry.add_queue_backend(&table, registry.add_plugin(record));
        config.backend = "sqlite-abi-1.0";
        config.sqlite_path = (dir.path() / "qbt-rules.db").string();
        g_trapped = 0;
    }
    qbt_queue_backend table{};
    plugin::Registry registry;
    config::QueueConfig config;
    testing::TempDir dir{"qbt-abi10-"};
};

TEST_F(Abi10Backend, BatchesAreStoredOneByOneAndNoMemberPastStructSizeIsCalled) {
    queue::JobQueue queue(registry, config);
    std::vector<queue::Job> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(make_job("old-plugin-" + std::to_string(i)));
    queue.enqueue_many(batch);
    for (const auto& expected : batch) {
        auto job = queue.dequeue(0ms, "w");
        ASSERT_TRUE(job);
        EXPECT_EQ(job->job_id, expected.job_id);
    }
    EXPECT_FALSE(queue.dequeue(0ms, "w"));
    EXPECT_EQ(g_trapped, 0) << "the host called a 1.1 member of a 1.0 backend";
}

TEST_F(Abi10Backend, HasNoGroupSupport) {
    EXPECT_EQ(queue::GroupQueue::open(registry, config), nullptr);
    EXPECT_EQ(g_trapped, 0);
}

}  // namespace
}  // namespace qbt::queue_test
