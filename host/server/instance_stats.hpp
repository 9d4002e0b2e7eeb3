// GET /api/stats "instances": job counts per configured qBittorrent instance.
#pragma once

#include "config/config.hpp"
#include "queue/job_queue.hpp"

#include <optional>
#include <string>

namespace qbt::server {

// {"<name>": {"pending": n, "processing": n, "completed": n, "failed": n, "cancelled": n}, ...}
// counted by the backend's instance filter (count-only list calls); `only`: that instance alone.
std::string instance_counts_json(const config::Config& config, queue::JobQueue& queue,
                                 const std::optional<std::string>& only = std::nullopt);

}  // namespace qbt::server
