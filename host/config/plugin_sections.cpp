#include "config/plugin_sections.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::config {

namespace {

using rapidjson::Document;
using rapidjson::Value;

// `into`'s member `key` = `text`, unless the user's section already has it.
void add_default(Value& into, const char* key, const std::string& text, Document::AllocatorType& alloc) {
    if (text.empty() || into.HasMember(key)) return;
    into.AddMember(Value(key, alloc), Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc), alloc);
}

void add_service(Value& section, const char* name, const ArrServiceConfig& service,
                 Document::AllocatorType& alloc) {
    if (service.url.empty() && service.api_key.empty()) return;
    if (!section.HasMember(name)) section.AddMember(Value(name, alloc), Value(rapidjson::kObjectType), alloc);
    Value& entry = section[name];
    if (!entry.IsObject()) return;  // the user's own shape: theirs
    add_default(entry, "url", service.url, alloc);
    add_default(entry, "api_key", service.api_key, alloc);
}

// Parses the user's section (an object, or "{}"), lets `fill` add to it, writes it back.
template <class Fill>
void merge(std::map<std::string, std::string>& sections, const std::string& id, Fill fill) {
    Document doc;
    auto it = sections.find(id);
    doc.Parse(it == sections.end() ? "{}" : it->second.c_str());
    if (doc.HasParseError() || !doc.IsObject()) return;
    fill(static_cast<Value&>(doc), doc.GetAllocator());
    if (doc.ObjectEmpty()) return;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    sections[id] = buffer.GetString();
}

}  // namespace

std::map<std::string, std::string> plugin_sections(const Config& config) {
    auto sections = config.plugins.config_json;
    merge(sections, kNotifyPluginId, [&](Value& section, Document::AllocatorType& alloc) {
        add_default(section, "webhook_url", config.notifications.webhook_url, alloc);
        add_default(section, "service", config.notifications.service, alloc);
    });
    merge(sections, kArrPluginId, [&](Value& section, Document::AllocatorType& alloc) {
        add_service(section, "sonarr", config.integrations.sonarr, alloc);
        add_service(section, "radarr", config.integrations.radarr, alloc);
    });
    return sections;
}

}  // namespace qbt::config
