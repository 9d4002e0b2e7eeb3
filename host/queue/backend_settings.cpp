#include "queue/backend_settings.hpp"

#include "config/config_loader.hpp"
#include "plugin/entry_check.hpp"
#include "queue/job_queue.hpp"

#include <rapidjson/document.h>

#include <filesystem>
#include <optional>

namespace qbt::queue {

namespace {

using Kind = config::BackendSettingSpec::Kind;

Kind kind_of(qbt_setting_kind kind) {
    switch (kind) {
        case QBT_SETTING_PATH: return Kind::Path;
        case QBT_SETTING_INTEGER: return Kind::Integer;
        case QBT_SETTING_NUMBER: return Kind::Number;
        case QBT_SETTING_BOOLEAN: return Kind::Boolean;
        default: return Kind::Text;
    }
}

bool declares(const plugin::Provided<qbt_queue_backend>& backend) {
    return backend.descriptor && backend.plugin && backend.plugin->abi_minor >= 2;
}

// The 1.1 section: what open() of every backend received before settings were declared.
abi::OwnedValue legacy_section(const config::QueueConfig& config) {
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

// The value of one declared setting: configured (or defaulted at load), else the declared
// default as written (a QueueConfig built in code has no load behind it).
std::optional<std::string> value_of(const config::BackendSettingSpec& spec, const config::QueueConfig& config) {
    if (auto text = config::queue_setting_text(config, spec.name)) return text;
    return spec.default_value;
}

}  // namespace

std::vector<config::BackendSettingSpec> declared_settings(const plugin::Provided<qbt_queue_backend>& backend) {
    std::vector<config::BackendSettingSpec> specs;
    if (!declares(backend)) return specs;
    for (uint32_t i = 0; i < backend.descriptor->setting_count; ++i) {
        // Copied like every struct a plugin hands over (one size mechanism, entry_check.hpp).
        const qbt_queue_setting s = plugin::copy_descriptor(backend.descriptor->settings[i]);
        config::BackendSettingSpec spec;
        spec.name = s.name;
        spec.kind = kind_of(s.kind);
        spec.secret = (s.flags & QBT_SETTING_SECRET) != 0;
        spec.required = (s.flags & QBT_SETTING_REQUIRED) != 0;
        spec.data_path = (s.flags & QBT_SETTING_DATA_PATH) != 0;
        if (s.default_value) spec.default_value = s.default_value;
        spec.description = s.description ? s.description : "";
        specs.push_back(std::move(spec));
    }
    return specs;
}

abi::OwnedValue open_section(const plugin::Provided<qbt_queue_backend>& backend, const config::QueueConfig& config) {
    if (!declares(backend)) return legacy_section(config);
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    for (const config::BackendSettingSpec& spec : declared_settings(backend)) {
        const std::optional<std::string> text = value_of(spec, config);
        const std::string key = "queue." + spec.name;
        if (spec.required && (!text || text->empty()))
            throw QueueError(QBT_E_INVALID, key + ": must be set (the " + config.backend + " queue backend needs it)");
        if (!text) continue;  // unset, no default: absent from the object
        rapidjson::Value value;
        rapidjson::Document parsed;  // INTEGER, NUMBER, BOOLEAN: the text is their JSON form
        switch (spec.kind) {
            case Kind::Text:
            case Kind::Path: value.SetString(text->c_str(), a); break;
            case Kind::Integer:
            case Kind::Number:
            case Kind::Boolean: {
                parsed.Parse(text->c_str(), text->size());
                const bool fits = !parsed.HasParseError() &&
                                  (spec.kind == Kind::Boolean ? parsed.IsBool()
                                   : spec.kind == Kind::Integer ? parsed.IsInt64() : parsed.IsNumber());
                if (!fits)
                    throw QueueError(QBT_E_INVALID, key + ": " + (spec.secret ? "the value" : "'" + *text + "'") +
                                                        " does not fit the setting's kind");
                value.CopyFrom(parsed, a);
                break;
            }
        }
        doc.AddMember(rapidjson::Value(spec.name.c_str(), a), value, a);
    }
    return abi::OwnedValue(doc);
}

std::string local_state_dir(const plugin::Provided<qbt_queue_backend>& backend, const config::QueueConfig& config) {
    for (const config::BackendSettingSpec& spec : declared_settings(backend))
        if (spec.data_path)
            if (auto path = value_of(spec, config); path && !path->empty())
                return std::filesystem::path(*path).parent_path().string();
    return "";
}

}  // namespace qbt::queue
