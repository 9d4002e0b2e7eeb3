// The schedule as GET /api/stats shows it: [{cron, context, dry_run, next_run, last_run}],
// times in ISO 8601 UTC (the cron itself runs in the server's local time zone).
#pragma once

#include <string>

namespace qbt::schedule {
class Scheduler;
}

namespace qbt::server {

std::string schedule_json(const schedule::Scheduler& scheduler);

}  // namespace qbt::server
