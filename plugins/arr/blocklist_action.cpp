// The `arr_blocklist` action (qbt-rules 0.6): for each matched torrent, every record of the
// service's queue whose downloadId is the torrent's hash is removed with blocklisting
// (DELETE /api/v3/queue/{id}?removeFromClient=false&blocklist=true), then, unless
// `search: false`, ONE search command covers the records' episodes (EpisodeSearch) or
// movies (MoviesSearch). A torrent the service does not know is nothing to do. In a dry run
// only the queue is read. What was done (or would be) is logged and, on a 1.3 host, written
// into the job's audit through audit_note (record ids, downloadId, episode/movie ids, search).
#include "arr_client.hpp"
#include "arr_config.hpp"
#include "queue_records.hpp"

#include <qbt/cpp/action.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace qbt::arr {

namespace {

[[noreturn]] void fail(const std::string& param, const std::string& what) {
    throw sdk::Error(QBT_E_INVALID, "arr_blocklist: param '" + param + "' " + what);
}

bool flag(sdk::ValueView params, const char* name, bool fallback) {
    sdk::ValueView v = params.get(name);
    if (v.missing() || v.is_null()) return fallback;
    if (!v.is_bool()) fail(name, "must be true or false, got " + v.to_text());
    return v.as_bool();
}

std::string ids_text(const std::vector<QueueRecord>& records, bool items) {
    std::string text;
    for (const auto& r : records) text += (text.empty() ? "" : ",") + std::to_string(items ? r.item_id : r.id);
    return text;
}

// The episode/movie ids a search covers: "11,12,13" (each once, none of 0).
std::string search_ids(const std::vector<QueueRecord>& records) {
    std::string ids = ",";
    for (const auto& r : records)
        if (r.item_id != 0 && ids.find("," + std::to_string(r.item_id) + ",") == std::string::npos)
            ids += std::to_string(r.item_id) + ",";
    return ids.size() == 1 ? "" : ids.substr(1, ids.size() - 2);
}

// {"name":"EpisodeSearch","episodeIds":[..]} / {"name":"MoviesSearch","movieIds":[..]}
std::string search_command(Service service, const std::vector<QueueRecord>& records) {
    const std::string ids = search_ids(records);
    return service == Service::Sonarr ? R"({"name":"EpisodeSearch","episodeIds":[)" + ids + "]}"
                                      : R"({"name":"MoviesSearch","movieIds":[)" + ids + "]}";
}

struct ArrBlocklist {
    explicit ArrBlocklist(sdk::ValueView params) {
        if (!params.missing() && !params.is_null() && !params.is_object())
            throw sdk::Error(QBT_E_INVALID, "arr_blocklist: params must be a mapping");
        for (size_t i = 0; i < params.size(); ++i) {
            const std::string key(params.key_at(i));
            if (key != "service" && key != "search" && key != "remove_from_client")
                fail(key, "is unknown (expected service, search, remove_from_client)");
        }
        sdk::ValueView service = params.get("service");
        if (service.missing() || service.is_null()) fail("service", "is required (sonarr or radarr)");
        const auto parsed = service.is_string() ? parse_service(std::string(service.as_string())) : std::nullopt;
        if (!parsed) fail("service", service.to_text() + " is not one of sonarr, radarr");
        service_ = *parsed;
        search_ = flag(params, "search", true);
        remove_from_client_ = flag(params, "remove_from_client", false);
        connection(service_);  // a rule for a service with no url/api_key fails at load
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch, std::span<int32_t> results) const {
        const Connection& to = connection(service_);
        const std::vector<QueueRecord> queue = read_queue(to, service_);  // throws: the batch fails
        const std::string job = std::string("job ") + (call.raw->job_id ? call.raw->job_id : "") + ": ";
        for (size_t i = 0; i < batch.size(); ++i) {
            const sdk::Torrent torrent(&batch[i]);
            const std::string hash(torrent.hash());
            const std::vector<QueueRecord> records = records_of(queue, hash);
            if (records.empty()) {
                call.host.info(job + "torrent " + hash + " not found in " + name() + "'s queue: nothing to do");
                note(call, batch[i], "not in " + name() + "'s queue (downloadId " + download_id_of(hash) + "): nothing to do");
                continue;
            }
            const std::string plan = "queue record(s) " + ids_text(records, false) + " of torrent " + hash +
                                     (search_ ? "; search " + std::string(service_ == Service::Sonarr ? "episode" : "movie") +
                                                    "(s) " + ids_text(records, true)
                                              : "; no search");
            if (call.dry_run()) {
                call.host.info(job + "dry run: would blocklist " + name() + " " + plan);
                note(call, batch[i], audit_text(records, records.size(), search_, true));
                continue;
            }
            size_t removed = 0;
            try {
                blocklist(to, records, removed);
                if (search_) expect_success(call_search(to, records), service_, "search command");
                call.host.info(job + "blocklisted " + name() + " " + plan);
                note(call, batch[i], audit_text(records, removed, search_, false));
            } catch (const sdk::Error& e) {
                call.host.error(job + e.what());
                // What was done before the failure stays on record.
                note(call, batch[i], (removed ? audit_text(records, removed, false, false) + "; " : "") + "failed: " + e.what());
                results[i] = e.code();
            }
        }
    }

    std::string effect(const sdk::Torrent&) const { return "{}"; }  // nothing in qBittorrent changed

private:
    std::string name() const { return service_name(service_); }

    // `removed` counts the records done, so a failure part-way still says which went.
    void blocklist(const Connection& to, const std::vector<QueueRecord>& records, size_t& removed) const {
        for (const auto& record : records) {
            const std::string path = "/api/v3/queue/" + std::to_string(record.id) + "?removeFromClient=" +
                                     (remove_from_client_ ? "true" : "false") + "&blocklist=true";
            expect_success(arr::call(to, "DELETE", path), service_, "removing queue record " + std::to_string(record.id));
            ++removed;
        }
    }

    // The audit's words for the first `removed` records and the search: "removed sonarr
    // queue record(s) 301,302 with blocklisting (downloadId ABC..., episode(s) 11,12); sent
    // EpisodeSearch for episode(s) 11,12" (a dry run: "would remove ...; would send ...").
    std::string audit_text(const std::vector<QueueRecord>& records, size_t removed, bool searched, bool dry_run) const {
        const std::vector<QueueRecord> done(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(removed));
        const std::string items = service_ == Service::Sonarr ? "episode(s) " : "movie(s) ";
        std::string text = std::string(dry_run ? "would remove " : "removed ") + name() + " queue record(s) " +
                           ids_text(done, false) + " with blocklisting (downloadId " + records.front().download_id +
                           ", " + items + ids_text(done, true) + ")";
        if (searched)
            text += std::string(dry_run ? "; would send " : "; sent ") +
                    (service_ == Service::Sonarr ? "EpisodeSearch" : "MoviesSearch") + " for " + items +
                    search_ids(records);
        return text;
    }

    // Records the text in the job's audit (ABI 1.3); an older host has only the log line.
    static void note(const sdk::Call& call, const qbt_torrent& torrent, const std::string& text) {
        try {
            call.audit_note(torrent, text);
        } catch (const sdk::Error& e) {
            call.host.warn("audit note not recorded: " + std::string(e.what()));
        }
    }

    Response call_search(const Connection& to, const std::vector<QueueRecord>& records) const {
        return arr::call(to, "POST", "/api/v3/command", search_command(service_, records));
    }

    Service service_ = Service::Sonarr;
    bool search_ = true;
    bool remove_from_client_ = false;
};

}  // namespace

extern const qbt_action blocklist_action = sdk::make_action<ArrBlocklist>(
    "arr_blocklist", nullptr, QBT_ACTION_PLANS_IN_DRY_RUN,
    "Blocklist the torrent's records in Sonarr's or Radarr's queue and search again "
    "(params: service, search, remove_from_client; config: integrations.<service>.url/api_key)");

}  // namespace qbt::arr
