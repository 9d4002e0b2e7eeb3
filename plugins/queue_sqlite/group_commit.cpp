#include "group_commit.hpp"

namespace qbt::queue_plugin {

namespace {

// Enough to absorb every HTTP thread's request; bounds how long one commit takes.
constexpr size_t kMaxBatch = 256;

constexpr const char* kInsertSql =
    "INSERT INTO jobs (job_id, context, hash, status, created_at, started_at, completed_at,"
    " result, error, document, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs))";

}  // namespace

GroupCommitter::GroupCommitter(const std::string& path, bool synchronous_full, int busy_timeout_ms,
                               WriteTurn& turn)
    : writer_(path, synchronous_full, busy_timeout_ms),
      insert_(writer_.raw(), kInsertSql),
      turn_(turn) {}

void GroupCommitter::insert(const JobRow& row) { insert_many(&row, 1); }

void GroupCommitter::insert_many(const JobRow* rows, size_t count) {
    if (count == 0) return;
    Pending me{rows, count, false, false, std::nullopt};
    std::unique_lock lock(mutex_);
    waiting_.push_back(&me);
    if (leader_active_) changed_.wait(lock, [&] { return me.done || me.lead; });
    if (!me.done) {
        leader_active_ = true;
        std::deque<Pending*> batch;
        while (!waiting_.empty() && batch.size() < kMaxBatch) {
            batch.push_back(waiting_.front());
            waiting_.pop_front();
        }
        lock.unlock();
        commit_batch(batch);
        lock.lock();
        for (Pending* p : batch) p->done = true;
        if (!waiting_.empty()) waiting_.front()->lead = true;  // hand the lead on
        else leader_active_ = false;
        changed_.notify_all();
    }
    if (me.failure) throw *me.failure;
}

void GroupCommitter::commit_batch(std::deque<Pending*>& batch) {
    auto fail_all = [&](const sdk::Error& e) {
        for (Pending* p : batch)
            if (!p->failure) p->failure = e;
    };
    try {
        WriteTurn::Guard turn(turn_);
        WriteTransaction tx(writer_);
        for (Pending* p : batch) {
            try {
                insert_rows(*p);
            } catch (const sdk::Error& e) {
                p->failure = e;  // e.g. a duplicate job_id: only this caller's rows fail
                // Some errors (disk full, I/O) roll the whole transaction back.
                if (sqlite3_get_autocommit(writer_.raw())) throw;
            }
        }
        insert_.reset();  // release the statement before COMMIT
        tx.commit();
    } catch (const sdk::Error& e) {
        fail_all(e);
    } catch (const std::exception& e) {
        fail_all(sdk::Error(QBT_E_INTERNAL, std::string("sqlite: enqueue failed: ") + e.what()));
    }
}

// One caller's rows; several are wrapped in a savepoint so that they fail together.
void GroupCommitter::insert_rows(Pending& pending) {
    const bool several = pending.count > 1;
    if (several) writer_.exec("SAVEPOINT enqueue_many");
    try {
        for (size_t i = 0; i < pending.count; ++i) {
            const JobRow& r = pending.rows[i];
            insert_.reset();
            insert_.bind(1, r.job_id).bind(2, r.context).bind(3, r.hash).bind(4, r.status);
            insert_.bind(5, r.created_at).bind(6, r.started_at).bind(7, r.completed_at);
            insert_.bind(8, r.result).bind(9, r.error).bind(10, r.document);
            insert_.run();
        }
    } catch (const sdk::Error&) {
        insert_.reset();
        if (several && !sqlite3_get_autocommit(writer_.raw())) {
            sqlite3_exec(writer_.raw(), "ROLLBACK TO enqueue_many; RELEASE enqueue_many", nullptr,
                         nullptr, nullptr);
        }
        throw;
    }
    if (several) writer_.exec("RELEASE enqueue_many");
}

}  // namespace qbt::queue_plugin
