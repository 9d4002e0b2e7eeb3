// describe(), is_secret_key() and the key-name helpers of config_loader.hpp.
#include <algorithm>
#include <cctype>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "config/backend_keys.hpp"
#include "config/config_loader.hpp"
#include "config/key_table.hpp"
#include "config/secret_values.hpp"

namespace qbt::config {

namespace {

std::string last_part(const std::string& dotted_key) {
    auto dot = dotted_key.rfind('.');
    return dot == std::string::npos ? dotted_key : dotted_key.substr(dot + 1);
}

// "redis://user:pw@host/0" -> "redis://user:***@host/0"; URLs without a password unchanged.
std::string mask_url_password(const std::string& url) {
    const auto password = url_password_range(url);
    if (!password) return url;
    return url.substr(0, password->first) + "***" + url.substr(password->first + password->second);
}

// Plugin settings have free-form names; hide any whose name suggests a secret.
bool secret_looking_name(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"password", "secret", "token", "key", "auth", "credential"})
        if (name.find(word) != std::string::npos) return true;
    return false;
}

void mask_json(rapidjson::Value& value, rapidjson::Document::AllocatorType& alloc) {
    if (value.IsArray()) {
        for (auto& item : value.GetArray()) mask_json(item, alloc);
    } else if (value.IsObject()) {
        for (auto& member : value.GetObject()) {
            if (secret_looking_name(member.name.GetString()) && !member.value.IsNull())
                member.value.SetString("***", alloc);
            else
                mask_json(member.value, alloc);
        }
    }
}

std::string masked_plugin_json(const std::string& json) {
    rapidjson::Document doc;
    if (doc.Parse(json.c_str()).HasParseError()) return "***";
    mask_json(doc, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return buffer.GetString();
}

// "scheme://..." (the scheme as RFC 3986 spells it).
bool looks_like_url(const std::string& value) {
    const auto colon = value.find("://");
    if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(value[0]))) return false;
    return std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(colon), [](unsigned char c) {
        return std::isalnum(c) || c == '+' || c == '.' || c == '-';
    });
}

// A value for display: secrets masked (a URL keeps all but its password; a webhook URL
// nothing, its token is in the path), empty text quoted.
std::string shown_value(std::string value, bool secret, const std::string& key = "") {
    if (secret && !value.empty() && last_part(key) == "webhook_url") return "***";
    if (secret && !value.empty()) return looks_like_url(value) ? mask_url_password(value) : "***";
    if (secret) return "(not set)";
    return value.empty() ? "\"\"" : value;
}

std::string source_of(const Config& config, const std::string& key) {
    auto it = config.sources.find(key);
    return it == config.sources.end() ? "default" : it->second;
}

}  // namespace

bool is_secret_key(const std::string& dotted_key) {
    const std::string name = last_part(dotted_key);
    return name == "api_key" || name == "trigger_key" || name == "password" ||
           name == "basic_auth_password" || name == "redis_url" || name == "webhook_url";
}

std::string cli_option_name(const std::string& dotted_key) {
    std::string option = "--" + dotted_key;
    std::replace(option.begin(), option.end(), '.', '-');
    std::replace(option.begin(), option.end(), '_', '-');
    return option;
}

std::vector<std::string> known_keys() {
    std::vector<std::string> keys;
    for (const auto& def : detail::key_table()) keys.push_back(def.key);
    return keys;
}

std::string describe(const Config& config) {
    std::string out;
    auto line = [&](const std::string& key, const std::string& value) {
        out += key + " = " + value + "  [" + source_of(config, key) + "]\n";
    };
    line("config_dir", config.config_dir);
    line("config_file", config.config_file.empty() ? "(none)" : config.config_file);
    const bool instance_list = config.sources.count("qbittorrent.instances") > 0;
    const detail::Keys keys(detail::backend_key_defs(config.queue.backend_specs), false);
    for (const detail::KeyDef* def : keys.all()) {
        const bool per_instance = def->key.rfind("qbittorrent.", 0) == 0;
        if (per_instance && instance_list) continue;  // shown per instance below
        line(def->key, shown_value(def->show(config), keys.secret(*def), def->key));
    }
    if (instance_list) {
        // Each instance's keys, shown through the single form's key table.
        for (const auto& instance : config.instances) {
            Config view;
            view.qbittorrent = instance.connection;
            const std::string prefix = "qbittorrent.instances." + instance.name + ".";
            out += "qbittorrent.instances[" + instance.name + "]  [" + instance.source + "]\n";
            for (const auto& def : detail::key_table()) {
                if (def.key.rfind("qbittorrent.", 0) != 0) continue;
                const std::string key = prefix + last_part(def.key);
                line(key, shown_value(def.show(view), is_secret_key(key)));
            }
        }
    } else {
        line("qbittorrent.instances", std::string(kDefaultInstance) + " (the single qbittorrent.host form)");
    }
    for (const auto& [id, json] : config.plugins.config_json)
        line("plugins.config." + id, masked_plugin_json(json));
    if (config.schedule.empty()) line("schedule", "(none)");
    for (size_t i = 0; i < config.schedule.size(); ++i) {
        const ScheduleEntry& e = config.schedule[i];
        out += "schedule[" + std::to_string(i) + "] = cron \"" + e.cron + "\" context " +
               e.context.value_or("(none)") + (e.dry_run ? " dry_run" : "") +
               (e.instance != kDefaultInstance ? " instance " + e.instance : "") + "  [" + e.source + "]\n";
    }
    return out;
}

}  // namespace qbt::config
