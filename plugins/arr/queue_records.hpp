// The service's download queue (GET /api/v3/queue, paged) and the records of one torrent:
// every record whose downloadId is the torrent's hash upper-cased (a season pack has one
// per episode).
#pragma once

#include "arr_config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::arr {

struct QueueRecord {
    int64_t id = 0;         // the queue record: DELETE /api/v3/queue/{id}
    std::string download_id;
    int64_t item_id = 0;    // episodeId (Sonarr) or movieId (Radarr); 0 when absent
    std::string title;
};

inline constexpr int kPageSize = 250;
inline constexpr int kMaxPages = 400;  // 100,000 records: a bound, never reached in practice

// Every record of the queue, page by page; throws sdk::Error (expect_success) on a failed page.
std::vector<QueueRecord> read_queue(const Connection& to, Service service);

// The downloadId the services give a torrent: its hash upper-cased.
std::string download_id_of(std::string_view hash);

std::vector<QueueRecord> records_of(const std::vector<QueueRecord>& queue, std::string_view hash);

}  // namespace qbt::arr
