#include "engine/torrent_store.hpp"

#include "engine/tracker_rows.hpp"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace qbt::engine {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view piece = text.substr(start, comma - start);
        while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
        while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
        if (!piece.empty()) tags.emplace_back(piece);
        start = comma + 1;
    }
    return tags;
}

void TorrentStore::load(std::string_view body) {
    doc_.Parse(body.data(), body.size());
    if (doc_.HasParseError())
        throw std::runtime_error(std::string("torrents/info answered invalid JSON: ") +
                                 rapidjson::GetParseError_En(doc_.GetParseError()));
    if (!doc_.IsArray()) throw std::runtime_error("torrents/info did not answer a JSON array");
    records_.clear();
    by_hash_.clear();
    records_.reserve(doc_.Size());
    for (auto& item : doc_.GetArray()) {
        if (!item.IsObject()) continue;
        auto hash = item.FindMember("hash");
        if (hash == item.MemberEnd() || !hash->value.IsString()) continue;  // unusable row
        TorrentRecord record;
        record.info = &item;
        record.hash.assign(hash->value.GetString(), hash->value.GetStringLength());
        if (auto trackers = item.FindMember("trackers"); trackers != item.MemberEnd() && trackers->value.IsArray()) {
            record.trackers.Swap(trackers->value);  // moved, not copied: it stays in the document's pool
            drop_pseudo_trackers(record.trackers);
            item.RemoveMember(trackers);
        }
        records_.push_back(std::move(record));
        index(records_.size() - 1);
        by_hash_.emplace(lower(records_.back().hash), records_.size() - 1);
    }
}

void TorrentStore::index(size_t i) {
    TorrentRecord& r = records_[i];
    auto name = r.info->FindMember("name");
    r.name = name != r.info->MemberEnd() && name->value.IsString()
                 ? std::string(name->value.GetString(), name->value.GetStringLength())
                 : std::string();
    auto tags = r.info->FindMember("tags");
    r.tags = tags != r.info->MemberEnd() && tags->value.IsString()
                 ? split_tags(std::string_view(tags->value.GetString(), tags->value.GetStringLength()))
                 : std::vector<std::string>{};
    r.abi_info.reset();
}

std::optional<size_t> TorrentStore::find(std::string_view hash) const {
    auto it = by_hash_.find(lower(hash));
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

void TorrentStore::merge(size_t i, const rapidjson::Value& fields) {
    if (!fields.IsObject()) return;
    rapidjson::Value& info = *records_[i].info;
    auto& alloc = doc_.GetAllocator();
    for (auto it = fields.MemberBegin(); it != fields.MemberEnd(); ++it) {
        if (it->name == "hash") continue;  // the identity never changes
        rapidjson::Value copy(it->value, alloc);
        auto existing = info.FindMember(it->name);
        if (existing != info.MemberEnd()) {
            existing->value = copy;
        } else {
            info.AddMember(rapidjson::Value(it->name, alloc), copy, alloc);
        }
    }
    index(i);
}

const qbt_value* TorrentStore::abi_info(size_t i) {
    TorrentRecord& r = records_[i];
    if (!r.abi_info) r.abi_info = std::make_unique<BorrowedValue>(*r.info);
    return r.abi_info->root();
}

}  // namespace qbt::engine
