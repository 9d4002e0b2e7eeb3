#include "cleanup/cleanup_log.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::cleanup {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void write_ref(Writer& w, const TorrentRef& ref) {
    w.StartObject();
    w.Key("instance"); str(w, ref.instance);
    w.Key("hash"); str(w, ref.hash);
    w.Key("name"); str(w, ref.name);
    w.EndObject();
}

const char* outcome(bool planned, int32_t code) {
    if (code != QBT_OK) return planned ? "would be refused" : "refused";
    return planned ? "planned" : "done";
}

// The members a removal and a move record share, in the same order.
template <class Record>
void write_head(Writer& w, const Record& r) {
    w.Key("instance"); str(w, r.torrent.instance);
    w.Key("hash"); str(w, r.torrent.hash);
    w.Key("name"); str(w, r.torrent.name);
    w.Key("rule"); str(w, r.rule);
    w.Key("outcome"); w.String(outcome(r.planned, r.code));
    if (r.code != QBT_OK) { w.Key("reason"); str(w, r.reason); }
}

void write_removal(Writer& w, const RemovalRecord& r) {
    w.StartObject();
    write_head(w, r);
    if (!r.group_of.empty()) { w.Key("cross_seed_of"); str(w, r.group_of); }
    w.Key("delete_files"); w.Bool(r.delete_files);
    if (r.delete_files) {
        w.Key("files_removed"); w.Int(r.files_removed);
        w.Key("bytes_removed"); w.Uint64(r.bytes_removed);
        w.Key("bytes_freed"); w.Uint64(r.bytes_freed);
    }
    if (!r.recycled_to.empty()) { w.Key("recycled_to"); str(w, r.recycled_to); }
    w.Key("kept");
    w.StartArray();
    for (const KeptRecord& k : r.kept) {
        w.StartObject();
        w.Key("path"); str(w, k.path);
        w.Key("shared_with");
        w.StartArray();
        for (const TorrentRef& ref : k.shared_with) write_ref(w, ref);
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void write_move(Writer& w, const MoveRecord& m) {
    w.StartObject();
    write_head(w, m);
    w.Key("from"); str(w, m.from);
    w.Key("to"); str(w, m.to);
    w.EndObject();
}

template <class Record, class Write>
std::string one(const Record& record, Write write) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    write(w, record);
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

void CleanupLog::add(RemovalRecord record) {
    ++listed_;
    if (record.code != QBT_OK) {
        ++refused_;
    } else {
        ++removals_;
        kept_files_ += record.kept.size();
        if (!record.recycled_to.empty()) ++recycled_;
        bytes_freed_ += record.bytes_freed;
    }
    if (removal_records_.size() < kMaxRecords) removal_records_.push_back(std::move(record));
}

void CleanupLog::add(MoveRecord record) {
    ++listed_;
    if (record.code != QBT_OK) ++refused_;
    else ++moves_;
    if (move_records_.size() < kMaxRecords) move_records_.push_back(std::move(record));
}

std::string CleanupLog::to_json(const RemovalRecord& record) { return one(record, write_removal); }
std::string CleanupLog::to_json(const MoveRecord& record) { return one(record, write_move); }

std::string CleanupLog::to_json() const {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("removed"); w.Uint64(removals_);
    w.Key("moved"); w.Uint64(moves_);
    w.Key("refused"); w.Uint64(refused_);
    w.Key("kept_files"); w.Uint64(kept_files_);
    w.Key("recycled"); w.Uint64(recycled_);
    w.Key("bytes_freed"); w.Uint64(bytes_freed_);
    w.Key("torrents");
    w.StartArray();
    for (const RemovalRecord& r : removal_records_) write_removal(w, r);
    w.EndArray();
    w.Key("moves");
    w.StartArray();
    for (const MoveRecord& m : move_records_) write_move(w, m);
    w.EndArray();
    if (listed_ > removal_records_.size() + move_records_.size()) {
        w.Key("omitted"); w.Uint64(listed_ - removal_records_.size() - move_records_.size());
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::cleanup
