// A small Sonarr/Radarr stand-in on 127.0.0.1 (the services cannot be installed here): the
// three endpoints arr_blocklist uses, answered the way the services document them -
// GET /api/v3/queue?page=N&pageSize=M ({page, pageSize, totalRecords, records}),
// DELETE /api/v3/queue/{id}?removeFromClient=..&blocklist=.. (the record leaves the queue),
// POST /api/v3/command ({name, episodeIds|movieIds}); 401 without the right X-Api-Key.
#pragma once

#include "tiny_http_server.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace qbt::testing {

struct ArrRecord {
    int64_t id;
    std::string download_id;  // the torrent hash, upper-cased (as the services store it)
    int64_t item_id;          // episodeId / movieId
};

struct ArrCall {
    std::string method;
    std::string target;  // path and query
    std::string body;
    std::string api_key;  // the X-Api-Key header as received
};

class FakeArr {
public:
    FakeArr(std::string item_key, std::string api_key, std::vector<ArrRecord> records);

    std::string url() const { return server_.url(); }
    std::vector<ArrCall> calls() const;
    std::vector<ArrCall> calls(const std::string& method) const;
    std::vector<ArrRecord> queue() const;

private:
    std::string answer(const std::string& raw);

    std::string item_key_;  // "episodeId" (Sonarr) or "movieId" (Radarr)
    std::string api_key_;
    mutable std::mutex mutex_;
    std::vector<ArrRecord> records_;
    std::vector<ArrCall> calls_;
    TinyHttpServer server_;  // last: its thread calls answer()
};

}  // namespace qbt::testing
