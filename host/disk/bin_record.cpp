#include "disk/bin_record.hpp"

#include <fmt/chrono.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace qbt::disk {

namespace {

std::string text_of(const rapidjson::Value& doc, const char* key, bool required = true) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd() || !it->value.IsString()) {
        if (!required) return "";
        throw std::runtime_error(std::string("torrent.json has no text '") + key + "'");
    }
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

bool stays_inside(const std::string& relative) {
    if (relative.empty() || relative[0] == '/') return false;
    for (const auto& part : std::filesystem::path(relative))
        if (part == ".." || part == ".") return false;
    return true;
}

uint64_t BinRecord::bytes() const {
    uint64_t total = 0;
    for (const BinFile& f : files) total += f.size;
    return total;
}

std::string iso_utc(int64_t unix_seconds) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(unix_seconds)));
}

std::string BinRecord::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("hash"); str(hash);
    w.Key("name"); str(name);
    w.Key("instance"); str(instance);
    w.Key("save_path"); str(save_path);
    w.Key("local_save_path"); str(local_save_path);
    w.Key("content_layout"); str(content_layout);
    w.Key("tags");
    w.StartArray();
    for (const std::string& tag : tags) str(tag);
    w.EndArray();
    w.Key("category"); str(category);
    w.Key("deleted_at"); str(iso_utc(deleted_at));
    w.Key("deleted_at_unix"); w.Int64(deleted_at);
    w.Key("rule"); str(rule);
    w.Key("job"); str(job);
    w.Key("state"); str(state);
    w.Key("bytes"); w.Uint64(bytes());
    w.Key("files");
    w.StartArray();
    for (const BinFile& f : files) {
        w.StartObject();
        w.Key("path"); str(f.path);
        w.Key("size"); w.Uint64(f.size);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

BinRecord BinRecord::from_json(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject()) throw std::runtime_error("torrent.json is not a JSON object");
    BinRecord r;
    r.hash = text_of(doc, "hash");
    r.name = text_of(doc, "name", false);
    r.instance = text_of(doc, "instance");
    r.save_path = text_of(doc, "save_path");
    r.local_save_path = text_of(doc, "local_save_path");
    r.content_layout = text_of(doc, "content_layout", false);
    r.category = text_of(doc, "category", false);
    r.rule = text_of(doc, "rule", false);
    r.job = text_of(doc, "job", false);
    r.state = text_of(doc, "state");
    auto at = doc.FindMember("deleted_at_unix");
    if (at == doc.MemberEnd() || !at->value.IsInt64()) throw std::runtime_error("torrent.json has no deleted_at_unix");
    r.deleted_at = at->value.GetInt64();
    if (auto tags = doc.FindMember("tags"); tags != doc.MemberEnd() && tags->value.IsArray())
        for (const auto& tag : tags->value.GetArray())
            if (tag.IsString()) r.tags.emplace_back(tag.GetString(), tag.GetStringLength());
    auto files = doc.FindMember("files");
    if (files == doc.MemberEnd() || !files->value.IsArray()) throw std::runtime_error("torrent.json has no files list");
    for (const auto& f : files->value.GetArray()) {
        if (!f.IsObject() || !f.HasMember("path") || !f["path"].IsString() || !f.HasMember("size") ||
            !f["size"].IsUint64())
            throw std::runtime_error("torrent.json: a file without path and size");
        const std::string path(f["path"].GetString(), f["path"].GetStringLength());
        if (!stays_inside(path))
            throw std::runtime_error("torrent.json: file path '" + path + "' is not inside the save path");
        r.files.push_back({path, f["size"].GetUint64()});
    }
    return r;
}

}  // namespace qbt::disk
