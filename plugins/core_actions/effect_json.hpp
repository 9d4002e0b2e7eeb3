// Builds the small JSON object an action's effect() returns.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace qbt::core_actions {

class EffectJson {
public:
    EffectJson() : writer_(buffer_) { writer_.StartObject(); }

    EffectJson& set(std::string_view key, std::string_view value) {
        key_(key);
        writer_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
        return *this;
    }
    EffectJson& set(std::string_view key, const char* value) { return set(key, std::string_view(value)); }
    EffectJson& set(std::string_view key, const std::string& value) { return set(key, std::string_view(value)); }
    EffectJson& set(std::string_view key, int64_t value) {
        key_(key);
        writer_.Int64(value);
        return *this;
    }
    EffectJson& set(std::string_view key, double value) {
        key_(key);
        writer_.Double(value);
        return *this;
    }
    EffectJson& set(std::string_view key, bool value) {
        key_(key);
        writer_.Bool(value);
        return *this;
    }

    std::string str() {
        if (!closed_) {
            writer_.EndObject();
            closed_ = true;
        }
        return std::string(buffer_.GetString(), buffer_.GetSize());
    }

private:
    void key_(std::string_view key) {
        writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    }
    rapidjson::StringBuffer buffer_;
    rapidjson::Writer<rapidjson::StringBuffer> writer_;
    bool closed_ = false;
};

}  // namespace qbt::core_actions
