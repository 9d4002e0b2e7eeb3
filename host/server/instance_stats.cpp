#include "server/instance_stats.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::server {

std::string instance_counts_json(const config::Config& config, queue::JobQueue& queue,
                                 const std::optional<std::string>& only) {
    static const char* const kStatuses[] = {"pending", "processing", "completed", "failed", "cancelled"};
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    for (const std::string& name : config.instance_names()) {
        if (only && name != *only) continue;
        w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
        w.StartObject();
        for (const char* status : kStatuses) {
            w.Key(status);
            w.Uint64(queue.list(std::string(status), std::nullopt, 0, 0, name).total);  // limit 0: count only
        }
        w.EndObject();
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::server
