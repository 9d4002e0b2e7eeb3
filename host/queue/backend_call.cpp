#include "queue/backend_call.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

namespace qbt::queue::detail {

abi::OwnedValue backend_config(const config::QueueConfig& config) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    auto add = [&](const char* key, const std::string& value) {
        doc.AddMember(rapidjson::StringRef(key), rapidjson::Value(value.c_str(), a), a);
    };
    add("backend", config.backend);
    add("sqlite_path", config.sqlite_path);
    add("sqlite_synchronous", config.sqlite_synchronous);
    add("redis_url", config.redis_url);
    doc.AddMember("cleanup_after", static_cast<int64_t>(config.cleanup_after_seconds), a);
    return abi::OwnedValue(doc);
}

Job parse_document(const std::string& doc) {
    try {
        return from_json(doc);
    } catch (const std::invalid_argument& e) {
        throw QueueError(QBT_E_IO, std::string("the queue holds a damaged job: ") + e.what());
    }
}

}  // namespace qbt::queue::detail
