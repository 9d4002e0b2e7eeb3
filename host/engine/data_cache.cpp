#include "engine/data_cache.hpp"

#include "engine/tracker_rows.hpp"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <stdexcept>

namespace qbt::engine {

namespace {
// Index of a per-torrent space in its slot array.
size_t per_torrent_index(Space s) {
    switch (s) {
        case Space::Properties: return 0;
        case Space::Trackers: return 1;
        case Space::Files: return 2;
        case Space::Peers: return 3;
        case Space::Webseeds: return 4;
        case Space::Disk: return 5;
        default: throw std::logic_error("not a per-torrent space");
    }
}

webapi::Request request_for(Space space, const std::string& hash) {
    webapi::Request r;
    switch (space) {
        case Space::Properties: r.endpoint = "torrents/properties"; break;
        case Space::Trackers: r.endpoint = "torrents/trackers"; break;
        case Space::Files: r.endpoint = "torrents/files"; break;
        case Space::Webseeds: r.endpoint = "torrents/webseeds"; break;
        case Space::Peers: r.endpoint = "sync/torrentPeers"; r.query = "rid=0&"; break;
        case Space::Transfer: r.endpoint = "transfer/info"; return r;
        case Space::App: r.endpoint = "app/preferences"; return r;
        case Space::ServerState: r.endpoint = "sync/maindata"; r.query = "rid=0"; return r;
        case Space::Info:
        case Space::Disk: break;
    }
    r.query += "hash=" + hash;  // API hashes are hex: nothing to encode
    return r;
}
}  // namespace

DataCache::DataCache(webapi::WebApi& api, const TorrentStore& torrents)
    : api_(api), torrents_(torrents), per_torrent_(torrents.size()) {
    for (size_t t = 0; t < torrents.size(); ++t) {
        const rapidjson::Value& rows = torrents.at(t).trackers;
        if (!rows.IsArray()) continue;
        Slot& s = slot(t, Space::Trackers);
        s.borrowed = &rows;
        s.state = SlotState::Ready;
    }
}

DataCache::Slot& DataCache::slot(size_t torrent, Space space) {
    if (space == Space::Transfer) return global_[0];
    if (space == Space::App) return global_[1];
    if (space == Space::ServerState) return global_[2];
    return per_torrent_.at(torrent)[per_torrent_index(space)];
}
const DataCache::Slot& DataCache::slot(size_t torrent, Space space) const {
    return const_cast<DataCache*>(this)->slot(torrent, space);
}

SlotState DataCache::state(size_t torrent, Space space) const { return slot(torrent, space).state; }
const rapidjson::Value& DataCache::value(size_t torrent, Space space) const {
    const Slot& s = slot(torrent, space);
    return s.borrowed ? *s.borrowed : s.value;
}

bool DataCache::store(Slot& target, Space space, const webapi::Response& response, std::string& error) {
    if (response.status != 200) {
        error = response.status == 0 ? response.body : "HTTP " + std::to_string(response.status);
        return false;
    }
    // Parse into the scratch pool, then copy what is kept into the job's pool at its exact
    // size: the job's pool never frees, so parsing straight into it also kept the DHT/PeX/LSD
    // rows, the parsed array and every array outgrown while pushing the kept rows.
    scratch_.Clear();
    rapidjson::Document doc(&scratch_);
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError()) {
        error = std::string("invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError());
        return false;
    }
    rapidjson::Value value;
    if (space == Space::Peers) {
        // sync/torrentPeers: {"peers": {"ip:port": {...}}} -> array of the peer objects.
        value.SetArray();
        auto peers = doc.FindMember("peers");
        if (peers != doc.MemberEnd() && peers->value.IsObject()) {
            value.Reserve(peers->value.MemberCount(), pool_);
            for (auto& m : peers->value.GetObject()) value.PushBack(rapidjson::Value(m.value, pool_), pool_);
        }
    } else if (space == Space::Trackers) {
        value = copy_tracker_rows(doc, pool_);
    } else if (space == Space::ServerState) {
        // sync/maindata: only server_state is kept; its free_space_on_disk is app.free_space.
        value.SetObject();
        auto state = doc.FindMember("server_state");
        if (state != doc.MemberEnd() && state->value.IsObject()) {
            value.CopyFrom(state->value, pool_);
            auto free = value.FindMember("free_space_on_disk");
            if (free != value.MemberEnd() && free->value.IsNumber())
                value.AddMember("free_space", rapidjson::Value(free->value, pool_), pool_);
        }
    } else if (is_collection(space) ? doc.IsArray() : doc.IsObject()) {
        value.CopyFrom(doc, pool_);
    }
    scratch_.Clear();
    bool want_array = is_collection(space);
    if (want_array ? !value.IsArray() : !value.IsObject()) {
        error = want_array ? "expected a JSON array" : "expected a JSON object";
        return false;
    }
    target.value.Swap(value);
    return true;
}

std::string DataCache::fill_tracker_urls_from_maindata() {
    webapi::Response response;
    try {
        response = api_.request({"GET", "sync/maindata", "rid=0", ""});
    } catch (const webapi::WebApiError& e) {
        return std::string("sync/maindata: ") + e.what();
    }
    if (response.status != 200)
        return "sync/maindata: " + (response.status == 0 ? response.body : "HTTP " + std::to_string(response.status));
    rapidjson::Document doc;
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError() || !doc.IsObject()) return "sync/maindata: invalid JSON";
    // Every torrent not fetched yet starts with no trackers; the url -> [hashes] map adds them.
    std::vector<bool> filling(per_torrent_.size());
    for (size_t i = 0; i < per_torrent_.size(); ++i) {
        Slot& s = slot(i, Space::Trackers);
        if (s.state != SlotState::NotFetched) continue;
        s.value.SetArray();
        s.state = SlotState::Ready;
        filling[i] = true;
    }
    auto trackers = doc.FindMember("trackers");
    if (trackers == doc.MemberEnd() || !trackers->value.IsObject()) return {};
    // Two passes: count each torrent's trackers, so every array is allocated once at its size.
    auto for_each_hit = [&](auto&& visit) {
        for (auto& entry : trackers->value.GetObject()) {
            if (!entry.value.IsArray()) continue;
            for (auto& hash : entry.value.GetArray()) {
                if (!hash.IsString()) continue;
                auto index = torrents_.find(std::string_view(hash.GetString(), hash.GetStringLength()));
                if (index && filling[*index]) visit(*index, entry.name);
            }
        }
    };
    std::vector<rapidjson::SizeType> counts(per_torrent_.size());
    for_each_hit([&](size_t index, const rapidjson::Value&) { ++counts[index]; });
    for (size_t i = 0; i < counts.size(); ++i)
        if (counts[i]) slot(i, Space::Trackers).value.Reserve(counts[i], pool_);
    for_each_hit([&](size_t index, const rapidjson::Value& url) {
        rapidjson::Value row(rapidjson::kObjectType);
        row.AddMember("url", rapidjson::Value(url, pool_), pool_);
        slot(index, Space::Trackers).value.PushBack(row, pool_);
    });
    return {};
}

std::string DataCache::fill_disk_facts(const std::vector<size_t>& torrents) {
    if (!disk_index_) return "disk facts: no file-usage index in this job";
    disk_rows_.resize(per_torrent_.size());
    for (size_t t : torrents) {
        disk_rows_[t] = disk_index_->facts(torrents_.at(t).hash);
        slot(t, Space::Disk).state = SlotState::Ready;
    }
    return {};
}

std::vector<std::string> DataCache::fetch(const std::vector<FetchNeed>& needs) {
    std::vector<std::string> failures;
    std::vector<webapi::Request> requests;
    std::vector<std::pair<Slot*, FetchNeed>> targets;
    std::vector<size_t> tracker_torrents;
    std::vector<size_t> disk_torrents;
    for (const FetchNeed& need : needs) {
        Slot& s = slot(need.torrent, need.space);
        if (s.state != SlotState::NotFetched) continue;
        if (need.space == Space::Disk) {
            s.state = SlotState::Failed;  // until the facts are in; also dedupes the batch
            disk_torrents.push_back(need.torrent);
            continue;
        }
        if (need.space == Space::Trackers && maindata_allowed_) {
            tracker_torrents.push_back(need.torrent);
            continue;
        }
        s.state = SlotState::Failed;  // until an answer arrives; also dedupes the batch
        const std::string& hash = torrents_.at(need.torrent).hash;
        requests.push_back(request_for(need.space, hash));
        targets.emplace_back(&s, need);
    }
    if (!tracker_torrents.empty()) {
        // One maindata call costs about one torrents/info; per-torrent trackers calls cost
        // about twice that per torrent (qbt-lab.md), so maindata wins from half the set.
        if (tracker_torrents.size() * 2 >= torrents_.size()) {
            std::string error = fill_tracker_urls_from_maindata();
            if (!error.empty()) failures.push_back(error);  // slots stay NotFetched: retried per torrent
        }
        for (size_t t : tracker_torrents) {
            Slot& s = slot(t, Space::Trackers);
            if (s.state != SlotState::NotFetched) continue;
            s.state = SlotState::Failed;
            requests.push_back(request_for(Space::Trackers, torrents_.at(t).hash));
            targets.emplace_back(&s, FetchNeed{t, Space::Trackers});
        }
    }
    if (!disk_torrents.empty())
        if (std::string error = fill_disk_facts(disk_torrents); !error.empty()) failures.push_back(error);
    if (requests.empty()) return failures;
    // Each answer is parsed as it arrives, so the job never holds thousands of bodies.
    std::vector<bool> answered(targets.size());
    std::vector<std::pair<size_t, std::string>> errors;
    api_.request_each(requests, [&](size_t i, webapi::Response response) {
        if (i >= targets.size() || answered[i]) return;
        answered[i] = true;
        auto [target, need] = targets[i];
        std::string error;
        if (store(*target, need.space, response, error)) {
            target->state = SlotState::Ready;
        } else {
            errors.emplace_back(i, std::move(error));
        }
    });
    for (size_t i = 0; i < targets.size(); ++i)
        if (!answered[i]) errors.emplace_back(i, "no answer");
    std::sort(errors.begin(), errors.end());  // in request order, whatever order answers came in
    for (auto& [i, error] : errors) {
        const FetchNeed& need = targets[i].second;
        std::string who = is_per_torrent(need.space) ? " for " + torrents_.at(need.torrent).hash : "";
        failures.push_back(requests[i].endpoint + who + ": " + error);
    }
    return failures;
}

}  // namespace qbt::engine
