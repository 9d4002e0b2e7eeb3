#include "config/backend_keys.hpp"

#include <filesystem>

#include "config/key_builders.hpp"

namespace qbt::config::detail {

namespace {

using Kind = BackendSettingSpec::Kind;

// The value as stored (text), or the problem.
std::string parse_as(const BackendSettingSpec& spec, const RawSetting& raw, std::string& value) {
    if (raw.shape != RawSetting::Shape::Null) {
        if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
    }
    const std::string text = raw.shape == RawSetting::Shape::Null ? "" : raw.text;
    switch (spec.kind) {
        case Kind::Text:
        case Kind::Path:
            if (spec.required && text.empty()) return "must not be empty";
            value = text;
            return "";
        case Kind::Integer:
            if (!parse_integer(text)) return raw.shown() + " is not a whole number";
            value = trim(text);
            return "";
        case Kind::Number:
            if (!parse_number(text)) return raw.shown() + " is not a number";
            value = trim(text);
            return "";
        case Kind::Boolean: {
            auto b = parse_bool(text);
            if (!b) return raw.shown() + " is not a boolean (true/false/yes/no/on/off/1/0)";
            value = *b ? "true" : "false";
            return "";
        }
    }
    return "";
}

}  // namespace

std::vector<KeyDef> backend_key_defs(const std::vector<BackendSettingSpec>& specs) {
    std::vector<KeyDef> defs;
    for (const BackendSettingSpec& spec : specs) {
        const std::string key = "queue." + spec.name;
        if (find_key(key)) continue;
        KeyDef def{key, {},
                   [spec](Config& c, const RawSetting& raw) -> std::string {
                       std::string value;
                       std::string problem = parse_as(spec, raw, value);
                       if (problem.empty()) c.queue.backend_values[spec.name] = std::move(value);
                       return problem;
                   },
                   [name = spec.name](const Config& c) {
                       auto it = c.queue.backend_values.find(name);
                       return it == c.queue.backend_values.end() ? std::string() : it->second;
                   },
                   spec.secret};
        defs.push_back(std::move(def));
    }
    return defs;
}

void finish_backend_settings(Config& config, Problems& problems) {
    for (const BackendSettingSpec& spec : config.queue.backend_specs) {
        if (find_key("queue." + spec.name) || config.queue.backend_values.count(spec.name)) continue;
        if (spec.default_value) {
            std::string value = *spec.default_value;
            if (spec.kind == Kind::Path && std::filesystem::path(value).is_relative())
                value = (std::filesystem::path(config.config_dir) / value).string();
            config.queue.backend_values[spec.name] = std::move(value);
        } else if (spec.required) {
            problems.add("queue." + spec.name,
                         "must be set: the " + config.queue.backend + " queue backend needs it (" +
                             spec.description + ")",
                         "queue.backend " + config.queue.backend);
        }
    }
}

}  // namespace qbt::config::detail
