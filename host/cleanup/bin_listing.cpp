#include "cleanup/bin_listing.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::cleanup {

std::string bin_listing_json(const disk::RecycleBin& bin) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("dir"); str(bin.dir().string());
    w.Key("keep_seconds"); w.Int64(bin.keep().count());
    w.Key("entries");
    w.StartArray();
    for (const disk::BinEntry& entry : bin.entries()) {
        const disk::BinRecord& r = entry.record;
        w.StartObject();
        w.Key("hash"); str(r.hash);
        w.Key("name"); str(r.name);
        w.Key("instance"); str(r.instance);
        w.Key("deleted_at"); str(disk::iso_utc(r.deleted_at));
        w.Key("expires_at"); str(disk::iso_utc(bin.expires_at(r)));
        w.Key("rule"); str(r.rule);
        w.Key("job"); str(r.job);
        w.Key("bytes"); w.Uint64(r.bytes());
        w.Key("files"); w.Uint64(r.files.size());
        w.Key("save_path"); str(r.save_path);
        w.Key("category"); str(r.category);
        w.Key("tags");
        w.StartArray();
        for (const std::string& tag : r.tags) str(tag);
        w.EndArray();
        w.Key("entry"); str(entry.dir.filename().string());
        w.EndObject();
    }
    w.EndArray();
    w.Key("interrupted"); w.Uint64(bin.interrupted().size());
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::cleanup
