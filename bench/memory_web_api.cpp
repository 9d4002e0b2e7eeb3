#include "memory_web_api.hpp"

#include <cstdio>

namespace qbt::bench {

namespace {
std::string hash_of(int i) {
    char text[41];
    std::snprintf(text, sizeof text, "%08x%032x", static_cast<unsigned>(i * 2654435761u), i);
    return text;
}

// Shares like the job bench's population (bench_specs.cpp).
std::string info_object(int i, const std::string& hash) {
    const std::string n = std::to_string(i);
    std::string name = i % 10 == 0   ? "ubuntu-24.04." + n + "-desktop-amd64.iso"
                       : i % 10 == 1 ? "debian-12." + n + "-amd64-netinst.iso"
                       : i % 10 < 5  ? "Some.Show.S01E" + n + ".1080p.mkv"
                                     : "dataset-" + n + ".tar";
    std::string category = i % 13 == 0 ? "keep" : i % 4 == 0 ? "movies" : i % 4 == 1 ? "tv" : "";
    std::string tags = i % 5 == 0 ? "keep" : i % 5 == 1 ? "old" : "";
    if (i % 9 == 0) tags += tags.empty() ? "private" : ", private";
    const long long size = i % 50 == 7 ? 60'000'000'000LL : 8192LL + (i % 1000) * 1'000'000LL;
    const char* state = i % 20 == 0 ? "pausedUP" : i % 97 == 5 ? "error" : i % 3 == 0 ? "uploading" : "stalledUP";
    const long long now = 1'795'000'000LL;
    char buffer[2048];
    std::snprintf(buffer, sizeof buffer,
        R"({"added_on":%lld,"amount_left":0,"auto_tmm":false,"availability":-1,"category":"%s",)"
        R"("completed":%lld,"completion_on":%lld,"content_path":"/data/%s","dl_limit":0,"dlspeed":0,)"
        R"("download_path":"","downloaded":%lld,"downloaded_session":0,"eta":8640000,"f_l_piece_prio":false,)"
        R"("force_start":false,"hash":"%s","infohash_v1":"%s","infohash_v2":"","last_activity":%lld,)"
        R"("magnet_uri":"magnet:?xt=urn:btih:%s&dn=%s&tr=http%%3a%%2f%%2f127.0.0.1%%3a6969%%2fannounce",)"
        R"("max_ratio":-1,"max_seeding_time":-1,"name":"%s","num_complete":%d,"num_incomplete":0,)"
        R"("num_leechs":0,"num_seeds":0,"priority":0,"progress":1,"ratio":%.3f,"ratio_limit":-2,)"
        R"("save_path":"/data/","seeding_time":%lld,"seeding_time_limit":-2,"seen_complete":%lld,)"
        R"("seq_dl":false,"size":%lld,"state":"%s","super_seeding":false,"tags":"%s","time_active":%lld,)"
        R"("total_size":%lld,"tracker":"","trackers_count":1,"up_limit":0,"uploaded":%lld,)"
        R"("uploaded_session":0,"upspeed":0})",
        now - i * 600LL, category.c_str(), size, now - i * 500LL, name.c_str(), size, hash.c_str(),
        hash.c_str(), now - i * 60LL, hash.c_str(), name.c_str(), name.c_str(), i % 7, (i % 40) / 10.0,
        i * 450LL, now - i * 60LL, size, state, tags.c_str(), i * 500LL, size, size * (i % 40) / 10);
    return buffer;
}

std::string trackers_body(int i) {
    const char* url = i % 40 == 3   ? "http://127.0.0.1:6969/gone/announce"
                      : i % 7 == 0  ? "http://127.0.0.1:6969/tracker.private-example.org/announce?passkey=x"
                      : i % 7 == 1  ? "http://127.0.0.1:6969/torrent.ubuntu.com/announce"
                                    : "http://127.0.0.1:6969/public/announce";
    const char* msg = i % 40 == 3 ? "unregistered torrent" : "";
    std::string body = "[";
    for (const char* pseudo : {"** [DHT] **", "** [PeX] **", "** [LSD] **"})
        body += std::string(R"({"msg":"","num_downloaded":0,"num_leeches":0,"num_peers":0,"num_seeds":0,)") +
                R"("status":0,"tier":-1,"url":")" + pseudo + "\"},";
    body += std::string(R"({"msg":")") + msg + R"(","num_downloaded":-1,"num_leeches":-1,"num_peers":0,)" +
            R"("num_seeds":-1,"status":)" + (*msg ? "4" : "2") + R"(,"tier":0,"url":")" + url + "\"}]";
    return body;
}
}  // namespace

MemoryWebApi::MemoryWebApi(int torrents) {
    info_.reserve(static_cast<size_t>(torrents) * 1200);
    info_ = "[";
    for (int i = 0; i < torrents; ++i) {
        std::string hash = hash_of(i);
        if (i > 0) info_ += ",";
        info_ += info_object(i, hash);
        trackers_.emplace(hash, trackers_body(i));
        hashes_.push_back(std::move(hash));
    }
    info_ += "]";
}

webapi::Response MemoryWebApi::request(const webapi::Request& request) {
    ++counts_[request.endpoint];
    if (request.endpoint == "torrents/info" && request.query.empty()) return {200, info_};
    if (request.endpoint == "torrents/trackers" && request.query.rfind("hash=", 0) == 0) {
        auto it = trackers_.find(request.query.substr(5));
        if (it != trackers_.end()) return {200, it->second};
    }
    return {404, "Not Found"};
}

std::vector<webapi::Response> MemoryWebApi::request_many(const std::vector<webapi::Request>& requests) {
    std::vector<webapi::Response> responses;
    responses.reserve(requests.size());
    for (const auto& r : requests) responses.push_back(request(r));
    return responses;
}

}  // namespace qbt::bench
