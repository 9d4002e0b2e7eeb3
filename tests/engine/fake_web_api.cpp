#include "fake_web_api.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace qbt::testing {

namespace {
std::string to_text(const rapidjson::Value& v) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    v.Accept(w);
    return b.GetString();
}
std::string decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}
std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string piece;
    while (std::getline(ss, piece, sep))
        if (!piece.empty()) out.push_back(piece);
    return out;
}
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    return s;
}
}  // namespace

std::string form_value(const std::string& form, const std::string& key) {
    for (const std::string& pair : split(form, '&')) {
        auto eq = pair.find('=');
        if (eq != std::string::npos && pair.substr(0, eq) == key) return decode(pair.substr(eq + 1));
    }
    return "";
}

std::vector<std::string> split_hashes(const std::string& value) { return split(value, '|'); }

void FakeWebApi::add_torrent(const std::string& info_json) {
    rapidjson::Document d(&torrents_.GetAllocator());
    d.Parse(info_json.c_str());
    if (d.HasParseError() || !d.IsObject()) throw std::invalid_argument("bad torrent JSON: " + info_json);
    rapidjson::Value v;
    v.Swap(d);
    torrents_.PushBack(v, torrents_.GetAllocator());
}

void FakeWebApi::set(const std::string& endpoint, const std::string& hash, const std::string& body) {
    per_torrent_[{endpoint, hash}] = body;
}
void FakeWebApi::set_global(const std::string& endpoint, const std::string& body) { global_[endpoint] = body; }
void FakeWebApi::fail(const std::string& endpoint, const std::string& hash) { failing_.insert({endpoint, hash}); }

rapidjson::Value* FakeWebApi::find(const std::string& hash) {
    for (auto& t : torrents_.GetArray())
        if (lower(t["hash"].GetString()) == lower(hash)) return &t;
    return nullptr;
}

bool FakeWebApi::has_torrent(const std::string& hash) const {
    return const_cast<FakeWebApi*>(this)->find(hash) != nullptr;
}

std::string FakeWebApi::field(const std::string& hash, const std::string& key) const {
    auto* t = const_cast<FakeWebApi*>(this)->find(hash);
    if (!t || !t->HasMember(key.c_str())) return "";
    return to_text((*t)[key.c_str()]);
}

std::map<std::string, uint64_t> FakeWebApi::call_counts() const {
    std::lock_guard lock(calls_mutex_);
    return counts_;
}

std::vector<webapi::Request> FakeWebApi::calls() const {
    std::lock_guard lock(calls_mutex_);
    return calls_;
}

void FakeWebApi::clear_calls() {
    std::lock_guard lock(calls_mutex_);
    calls_.clear();
    counts_.clear();
}

uint64_t FakeWebApi::count(const std::string& endpoint) const {
    std::lock_guard lock(calls_mutex_);
    auto it = counts_.find(endpoint);
    return it == counts_.end() ? 0 : it->second;
}

uint64_t FakeWebApi::write_calls() const {
    std::lock_guard lock(calls_mutex_);
    return std::count_if(calls_.begin(), calls_.end(), [](const auto& r) { return r.method == "POST"; });
}

std::vector<webapi::Request> FakeWebApi::calls_to(const std::string& endpoint) const {
    std::lock_guard lock(calls_mutex_);
    std::vector<webapi::Request> out;
    for (const auto& r : calls_)
        if (r.endpoint == endpoint) out.push_back(r);
    return out;
}

webapi::Response FakeWebApi::info(const std::string& query) const {
    std::string hashes = form_value(query, "hashes");
    rapidjson::Document out(rapidjson::kArrayType);
    auto& alloc = out.GetAllocator();
    for (const auto& t : torrents_.GetArray()) {
        bool listed = hashes.empty();
        for (const std::string& h : split_hashes(hashes))
            listed = listed || lower(t["hash"].GetString()) == lower(h);  // qBittorrent is case-insensitive here
        if (listed) out.PushBack(rapidjson::Value(t, alloc), alloc);
    }
    if (form_value(query, "includeTrackers") == "true" && version_.at_least(2, 11, 4)) {
        for (auto& t : out.GetArray()) {
            rapidjson::Value rows(rapidjson::kArrayType);
            auto canned = per_torrent_.find({"torrents/trackers", t["hash"].GetString()});
            rapidjson::Document d;
            if (canned != per_torrent_.end()) d.Parse(canned->second.c_str());
            if (d.IsArray())
                for (const auto& row : d.GetArray())
                    if (std::string(row["url"].GetString()).rfind("** [", 0) != 0)
                        rows.PushBack(rapidjson::Value(row, alloc), alloc);
            t.AddMember("trackers", rows, alloc);
        }
    }
    return {200, to_text(out)};
}

webapi::Response FakeWebApi::maindata() const {
    std::map<std::string, std::vector<std::string>> urls;
    for (const auto& [key, body] : per_torrent_) {
        if (key.first != "torrents/trackers") continue;
        rapidjson::Document d;
        d.Parse(body.c_str());
        for (const auto& row : d.GetArray()) {
            std::string url = row["url"].GetString();
            if (url.rfind("** [", 0) != 0) urls[url].push_back(key.second);
        }
    }
    std::string json = R"({"rid":1,"full_update":true,"torrents":{},"trackers":{)";
    bool first = true;
    for (const auto& [url, hashes] : urls) {
        json += (first ? "\"" : ",\"") + url + "\":[";
        for (size_t i = 0; i < hashes.size(); ++i) json += (i ? ",\"" : "\"") + hashes[i] + "\"";
        json += "]";
        first = false;
    }
    return {200, json + "}}"};
}

webapi::Response FakeWebApi::write(const std::string& endpoint, const std::string& form) {
    auto& alloc = torrents_.GetAllocator();
    for (const std::string& hash : split_hashes(form_value(form, "hashes"))) {
        rapidjson::Value* t = find(hash);
        if (!t) continue;  // qBittorrent ignores unknown hashes
        if (endpoint == "torrents/setCategory") {
            (*t)["category"].SetString(form_value(form, "category").c_str(), alloc);
        } else if (endpoint == "torrents/addTags") {
            std::vector<std::string> tags = split((*t)["tags"].GetString(), ',');
            for (auto& tag : tags) tag.erase(0, tag.find_first_not_of(' '));
            for (const std::string& tag : split(form_value(form, "tags"), ','))
                if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
            std::sort(tags.begin(), tags.end());
            std::string text;
            for (const auto& tag : tags) text += (text.empty() ? "" : ", ") + tag;
            (*t)["tags"].SetString(text.c_str(), alloc);
        } else if (endpoint == "torrents/pause") {
            (*t)["state"].SetString("pausedUP", alloc);
        } else if (endpoint == "torrents/stop") {
            (*t)["state"].SetString("stoppedUP", alloc);
        } else if (endpoint == "torrents/delete") {
            for (auto it = torrents_.Begin(); it != torrents_.End(); ++it)
                if (&*it == t) { torrents_.Erase(it); break; }
        }
    }
    return {200, ""};
}

webapi::Response FakeWebApi::request(const webapi::Request& r) {
    {
        std::lock_guard lock(calls_mutex_);
        calls_.push_back(r);
        ++counts_[r.endpoint];
    }
    std::string hash = form_value(r.query, "hash");
    if (failing_.count({r.endpoint, hash})) return {500, "failing on purpose"};
    if (r.method == "POST") return write(r.endpoint, r.form);
    if (r.endpoint == "torrents/info") return info(r.query);
    if (auto g = global_.find(r.endpoint); g != global_.end()) return {200, g->second};  // may be sync/maindata
    if (r.endpoint == "sync/maindata") return maindata();
    if (auto p = per_torrent_.find({r.endpoint, hash}); p != per_torrent_.end()) return {200, p->second};
    if (!has_torrent(hash)) return {404, "Not Found"};
    // A known torrent without canned data: an empty answer of the right shape.
    if (r.endpoint == "torrents/properties") return {200, "{}"};
    if (r.endpoint == "sync/torrentPeers") return {200, R"({"peers":{}})"};
    return {200, "[]"};
}

std::vector<webapi::Response> FakeWebApi::request_many(const std::vector<webapi::Request>& requests) {
    std::vector<webapi::Response> out;
    for (const auto& r : requests) out.push_back(request(r));
    return out;
}

std::string fake_hash(int n) {
    char buf[41];
    std::snprintf(buf, sizeof buf, "%040x", n);
    return buf;
}

}  // namespace qbt::testing
