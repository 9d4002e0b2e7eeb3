// The built-in scheduler: fires each `schedule:` entry once per cron slot by handing it to
// `submit` (which queues a job the way POST /api/execute does).
//
// Slots: a slot is due from its minute's first second to the end of that minute; a slot
// whose minute has passed (the server was down, the clock jumped, the queue failed the
// whole minute) is skipped, never caught up. The last fired slot per entry is saved in
// the state file BEFORE the job is queued, so a restart inside the same minute does not
// fire it twice (a crash between the two loses that one run rather than doing it twice).
#pragma once

#include "config/config.hpp"
#include "schedule/cron.hpp"
#include "schedule/schedule_state.hpp"

#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace qbt::schedule {

struct SchedulerOptions {
    std::string state_file;                    // "" = no persistence
    std::function<std::time_t()> now;          // default: time(nullptr); injectable for tests
    // Several servers sharing one queue: asked once per (entry key, slot) before firing;
    // false = another server of the group fires this slot. Null = always fire. Throwing =
    // the queue failed: retried within the minute like a failed submit.
    std::function<bool(const std::string& entry_key, std::time_t slot)> claim;
};

// Queues the entry's job; returns the job id (or the coalesced job's id). Throws on failure.
using SubmitFn = std::function<std::string(const config::ScheduleEntry&)>;

struct EntryStatus {
    std::string cron;
    std::optional<std::string> context;
    bool dry_run = false;
    std::time_t next_run = 0;
    std::time_t last_fired = 0;  // 0 = never (as far as the state file knows)
};

class Scheduler {
public:
    // Throws CronError naming the entry ("schedule[1] (config.yml:14): minute field ...").
    Scheduler(std::vector<config::ScheduleEntry> entries, SubmitFn submit, SchedulerOptions options = {});
    ~Scheduler();  // stop()
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Fires every entry due at `now`; returns how many jobs were submitted.
    int fire_due(std::time_t now);
    // Background thread: sleeps until the next slot, fires, repeats (real clock).
    void start();
    void stop();

    std::vector<EntryStatus> status() const;
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        config::ScheduleEntry config;
        CronExpr cron;
        std::string id;             // cron text + context: the state file's key
        std::time_t pending = 0;    // the next slot to fire
        std::time_t claimed = 0;    // the last slot this server claimed in its group
    };
    void run_thread();
    std::time_t earliest_pending() const;

    std::vector<Entry> entries_;
    SubmitFn submit_;
    SchedulerOptions options_;
    ScheduleState state_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    std::thread thread_;
};

// Where the state file goes by default: schedule-state.json in `local_state_dir`, the
// directory of the queue backend's data file on this machine (the SQLite file's: a
// directory the server writes anyway; queue::JobQueue::local_state_dir), else in the
// config dir.
std::string default_state_file(const config::Config& config, const std::string& local_state_dir);

// "2024-01-15T10:30:00Z" (UTC) for a time_t.
std::string iso_utc(std::time_t t);

}  // namespace qbt::schedule
