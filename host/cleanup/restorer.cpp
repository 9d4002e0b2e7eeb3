#include "cleanup/restorer.hpp"

#include "cleanup/bin_recovery.hpp"
#include "disk/file_ops.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <random>
#include <thread>

namespace qbt::cleanup {

namespace {

std::string boundary_for(const std::string& data) {
    std::random_device random;
    for (;;) {
        const std::string boundary = "qbt-rules-" + std::to_string(random()) + std::to_string(random());
        if (data.find(boundary) == std::string::npos) return boundary;
    }
}

void add_to_qbittorrent(const disk::BinEntry& entry, webapi::WebApi& api) {
    const std::string torrent = disk::read_file(entry.torrent_file());
    auto [body, type] = add_request_body(entry, torrent);
    webapi::Request request{"POST", "torrents/add", "", std::move(body)};
    request.content_type = std::move(type);
    const webapi::Response r = api.request(request);
    if (r.status != 200 || r.body.find("Fails") != std::string::npos)
        throw std::runtime_error("torrents/add answered HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 80));
    for (int attempt = 0; attempt < 100; ++attempt) {  // qBittorrent lists it within ~1 s
        if (is_listed(api, entry.record.hash)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("qBittorrent accepted the .torrent but does not list " + entry.record.hash);
}

std::string result_json(const disk::BinEntry& entry, bool dry_run, const disk::MoveReport* moved) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("dry_run"); w.Bool(dry_run);
    w.Key("restore");
    w.StartObject();
    w.Key("hash"); str(entry.record.hash);
    w.Key("name"); str(entry.record.name);
    w.Key("instance"); str(entry.record.instance);
    w.Key("entry"); str(entry.dir.string());
    w.Key("save_path"); str(entry.record.save_path);
    w.Key("deleted_at"); str(disk::iso_utc(entry.record.deleted_at));
    w.Key("bytes"); w.Uint64(entry.record.bytes());
    w.Key("files");
    w.StartArray();
    for (const disk::BinFile& f : entry.record.files) {
        w.StartObject();
        w.Key("path"); str(f.path);
        w.Key("size"); w.Uint64(f.size);
        w.EndObject();
    }
    w.EndArray();
    if (moved) {
        w.Key("files_moved_back"); w.Int(moved->renamed + moved->copied);
        w.Key("files_missing"); w.Int(moved->missing);
    }
    w.Key("outcome"); w.String(dry_run ? "planned" : "restored");
    w.EndObject();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::pair<std::string, std::string> add_request_body(const disk::BinEntry& entry, const std::string& torrent_file) {
    const disk::BinRecord& r = entry.record;
    std::string tags;
    for (const std::string& tag : r.tags) tags += (tags.empty() ? "" : ",") + tag;
    const std::pair<const char*, std::string> fields[] = {
        {"savepath", r.save_path}, {"category", r.category}, {"tags", tags}, {"autoTMM", "false"},
        {"paused", "false"}, {"stopped", "false"},  // 4.x and 5.x names: started
        {"skip_checking", "false"},                 // qBittorrent checks the data
        {"contentLayout", r.content_layout.empty() ? "Original" : r.content_layout}};
    std::string probe = torrent_file;
    for (const auto& field : fields) probe += field.second;
    const std::string boundary = boundary_for(probe);
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"" + r.hash +
                       ".torrent\"\r\nContent-Type: application/x-bittorrent\r\n\r\n" + torrent_file + "\r\n";
    for (const auto& [name, value] : fields)
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    body += "--" + boundary + "--\r\n";
    return {std::move(body), "multipart/form-data; boundary=" + boundary};
}

void finish_restore(disk::RecycleBin& bin, disk::BinEntry& entry, webapi::WebApi& api) {
    const disk::MoveReport moved = bin.move_out(entry);
    if (moved.missing > 0)
        spdlog::warn("restore {}: {} file(s) of the entry were missing", entry.record.hash, moved.missing);
    if (!is_listed(api, entry.record.hash)) add_to_qbittorrent(entry, api);
    bin.remove(entry);
}

RestoreOutcome restore_torrent(disk::RecycleBin& bin, const std::string& hash, const std::string& instance,
                               const ApiFor& api_for, bool dry_run) {
    try {
        if (!dry_run)
            for (const std::string& line : recover_bin(bin, api_for)) spdlog::warn("recycle bin: {}", line);
        auto entry = bin.newest(hash);
        if (!entry) return {false, "the recycle bin has no entry for torrent " + hash, ""};
        if (entry->record.instance != instance)
            return {false, "the recycle bin entry of " + hash + " belongs to qBittorrent instance '" +
                               entry->record.instance + "', not '" + instance + "'", ""};
        webapi::WebApi* api = api_for ? api_for(instance) : nullptr;
        if (!api) return {false, "qBittorrent instance '" + instance + "' is not configured", ""};
        if (is_listed(*api, hash))
            return {false, "torrent " + hash + " is in qBittorrent already; the recycle bin entry stays", ""};
        const auto conflicts = bin.conflicts(*entry);
        if (!conflicts.empty()) {
            std::string list;
            for (size_t i = 0; i < conflicts.size() && i < 5; ++i) list += (i ? ", " : "") + conflicts[i];
            return {false, "not restored: " + std::to_string(conflicts.size()) +
                               " file(s) exist at the old place and are never overwritten: " + list, ""};
        }
        if (dry_run) return {true, "", result_json(*entry, true, nullptr)};
        bin.set_state(*entry, disk::kBinRestoring);
        disk::BinEntry restoring = *entry;
        const disk::MoveReport moved = bin.move_out(restoring);
        finish_restore(bin, restoring, *api);
        spdlog::info("restored torrent {} ({}) from the recycle bin to {}", hash, entry->record.name,
                     entry->record.save_path);
        return {true, "", result_json(*entry, false, &moved)};
    } catch (const std::exception& e) {
        return {false, "restore of " + hash + " failed: " + e.what(), ""};
    }
}

}  // namespace qbt::cleanup
