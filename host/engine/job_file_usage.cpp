#include "engine/job_file_usage.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>

namespace qbt::engine {

namespace {

std::string text(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString()
               ? std::string(it->value.GetString(), it->value.GetStringLength())
               : std::string();
}

cleanup::TorrentFacts facts_of(const rapidjson::Value& info) {
    cleanup::TorrentFacts f;
    f.name = text(info, "name");
    f.save_path = text(info, "save_path");
    f.local_save_path = f.save_path;  // no path_map in the interim view
    f.content_path = text(info, "content_path");
    f.category = text(info, "category");
    f.tags = split_tags(text(info, "tags"));
    auto size = info.FindMember("size");
    if (size != info.MemberEnd() && size->value.IsNumber()) f.size = static_cast<uint64_t>(size->value.GetDouble());
    return f;
}

std::string joined(const std::string& dir, const std::string& name) {
    return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace

struct JobFileUsage::Index {
    struct Torrent {
        cleanup::TorrentFacts facts;
        std::optional<std::vector<cleanup::UsedFile>> files;
        std::string why;  // when files is nullopt
    };
    std::string problem;
    std::map<std::string, Torrent> torrents;  // by lower-case hash
    int stat_calls = 0;
    int file_list_calls = 0;
    double ms = 0;
};

JobFileUsage::JobFileUsage(const TorrentStore& store, webapi::WebApi& api, std::string instance)
    : store_(store), api_(api), instance_(std::move(instance)) {}

JobFileUsage::~JobFileUsage() = default;

const JobFileUsage::Index& JobFileUsage::index() const {
    if (index_) return *index_;
    const auto started = std::chrono::steady_clock::now();
    auto index = std::make_unique<Index>();
    rapidjson::Document all;
    try {
        webapi::Response r = api_.request({"GET", "torrents/info", "", ""});
        all.Parse(r.body.data(), r.body.size());
        if (r.status != 200 || all.HasParseError() || !all.IsArray())
            throw std::runtime_error("torrents/info answered HTTP " + std::to_string(r.status));
    } catch (const std::exception& e) {
        index->problem = std::string("cannot list the torrents: ") + e.what();
        index_ = std::move(index);
        return *index_;
    }
    // Which torrents need a file list (content_path is not one regular file).
    std::vector<std::string> listed;
    std::vector<webapi::Request> requests;
    for (const auto& info : all.GetArray()) {
        if (!info.IsObject()) continue;
        const std::string hash = lower(text(info, "hash"));
        Index::Torrent& t = index->torrents[hash];
        t.facts = facts_of(info);
        struct stat st {};
        ++index->stat_calls;
        const std::string prefix = joined(t.facts.save_path, "");
        if (::stat(t.facts.content_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            t.facts.content_path.rfind(prefix, 0) == 0) {
            const std::string relative = t.facts.content_path.substr(prefix.size());
            t.files = std::vector<cleanup::UsedFile>{{relative, t.facts.content_path, static_cast<uint64_t>(st.st_size),
                                                      true, st.st_nlink, st.st_dev, st.st_ino, {}}};
        } else {
            listed.push_back(hash);
            requests.push_back({"GET", "torrents/files", "hash=" + hash, ""});
        }
    }
    index->file_list_calls = static_cast<int>(requests.size());
    api_.request_each(requests, [&](size_t i, webapi::Response response) {
        Index::Torrent& t = index->torrents[listed[i]];
        rapidjson::Document files;
        files.Parse(response.body.data(), response.body.size());
        if (response.status != 200 || files.HasParseError() || !files.IsArray()) {
            t.why = "torrents/files answered HTTP " + std::to_string(response.status);
            return;
        }
        if (files.Empty()) {
            t.why = "its metadata is not loaded yet (no file list)";
            return;
        }
        std::vector<cleanup::UsedFile> list;
        for (const auto& f : files.GetArray()) {
            cleanup::UsedFile used;
            used.relative = text(f, "name");
            used.local_path = joined(t.facts.local_save_path, used.relative);
            struct stat st {};
            ++index->stat_calls;
            if (::stat(used.local_path.c_str(), &st) == 0) {
                used.size = static_cast<uint64_t>(st.st_size);
                used.nlink = st.st_nlink;
                used.device = st.st_dev;
                used.inode = st.st_ino;
            } else if (errno == ENOENT) {
                used.exists = false;
            } else {
                t.why = "cannot stat " + used.local_path + ": " + std::strerror(errno);
                return;
            }
            list.push_back(std::move(used));
        }
        t.files = std::move(list);
    });
    // Sharing: the same path, or the same (device, inode).
    std::map<std::string, std::set<std::string>> by_path;
    std::map<std::pair<uint64_t, uint64_t>, std::set<std::string>> by_inode;
    for (const auto& [hash, t] : index->torrents) {
        if (!t.files) continue;
        for (const auto& f : *t.files) {
            by_path[f.local_path].insert(hash);
            if (f.exists) by_inode[{f.device, f.inode}].insert(hash);
        }
    }
    for (auto& [hash, t] : index->torrents) {
        if (!t.files) continue;
        for (auto& f : *t.files) {
            std::set<std::string> others = by_path[f.local_path];
            if (f.exists) others.insert(by_inode[{f.device, f.inode}].begin(), by_inode[{f.device, f.inode}].end());
            others.erase(hash);
            for (const std::string& other : others) f.shared_with.push_back({instance_, other});
        }
    }
    index->ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    index_ = std::move(index);
    return *index_;
}

std::string JobFileUsage::problem() const { return index().problem; }

std::optional<std::vector<cleanup::UsedFile>> JobFileUsage::files_of(const cleanup::TorrentKey& key,
                                                                     std::string& why) const {
    const Index& i = index();
    if (!i.problem.empty()) {
        why = i.problem;
        return std::nullopt;
    }
    if (key.instance != instance_) {
        why = "instance '" + key.instance + "' is not read by this job";
        return std::nullopt;
    }
    auto it = i.torrents.find(lower(key.hash));
    if (it == i.torrents.end()) {
        why = "qBittorrent does not list it";
        return std::nullopt;
    }
    if (!it->second.files) why = it->second.why;
    return it->second.files;
}

std::optional<cleanup::TorrentFacts> JobFileUsage::facts(const cleanup::TorrentKey& key) const {
    if (key.instance != instance_) return std::nullopt;
    if (auto t = store_.find(key.hash)) return facts_of(*store_.at(*t).info);
    const Index& i = index();
    auto it = i.torrents.find(lower(key.hash));
    if (it == i.torrents.end()) return std::nullopt;
    return it->second.facts;
}

std::string JobFileUsage::stats_json() const {
    if (!index_) return "null";
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("stat_calls"); w.Int(index_->stat_calls);
    w.Key("file_list_calls"); w.Int(index_->file_list_calls);
    w.Key("ms"); w.Double(index_->ms);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
