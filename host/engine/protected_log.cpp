#include "engine/protected_log.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

void ProtectedLog::add(ProtectedEntry entry) {
    if (!seen_.insert(entry.hash + '\n' + entry.rule + '\n' + entry.action).second) return;
    hashes_.insert(entry.hash);
    entries_.push_back(std::move(entry));
}

std::string ProtectedLog::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("count");
    w.Uint64(count());
    w.Key("torrents");
    w.StartArray();
    for (const ProtectedEntry& e : entries_) {
        w.StartObject();
        w.Key("hash"); str(e.hash);
        w.Key("name"); str(e.name);
        w.Key("rule"); str(e.rule);
        w.Key("action"); str(e.action);
        w.Key("reason"); str(e.reason);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
