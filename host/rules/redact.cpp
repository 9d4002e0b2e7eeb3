#include "rules/redact.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

namespace qbt::rules {

namespace {

void redact(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator) {
    if (value.IsObject()) {
        for (auto& member : value.GetObject()) {
            std::string_view name(member.name.GetString(), member.name.GetStringLength());
            if (is_secret_param(name)) member.value.SetString("***", allocator);
            else redact(member.value, allocator);
        }
    } else if (value.IsArray()) {
        for (auto& item : value.GetArray()) redact(item, allocator);
    }
}

}  // namespace

bool is_secret_param(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"url", "token", "password", "secret", "key", "webhook"})
        if (lower.find(word) != std::string::npos) return true;
    return false;
}

std::string redact_params_json(const std::string& params_json) {
    rapidjson::Document doc;
    doc.Parse(params_json.c_str(), params_json.size());
    if (doc.HasParseError() || !doc.IsObject()) return "{}";
    redact(doc, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::rules
