#include "config/yaml_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "config/config_loader.hpp"
#include "config/key_table.hpp"
#include "config/near_miss.hpp"
#include "config/schedule_source.hpp"
#include "config/yaml_to_json.hpp"

namespace qbt::config::detail {

namespace {

std::string where(const std::string& path, const YAML::Node& node) {
    return path + ":" + std::to_string(node.Mark().line + 1);
}

// " (did you mean 'server.port'?)" for a near miss, else "".
std::string suggestion(const std::string& dotted, const std::vector<std::string>& candidates) {
    const std::string best = nearest_name(dotted, candidates, 2);
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::vector<std::string> all_keys(const Keys& known) {
    std::vector<std::string> keys;
    for (const KeyDef* def : known.all()) keys.push_back(def->key);
    keys.push_back("plugins.config");
    keys.push_back("qbittorrent.instances");
    return keys;
}

std::set<std::string> section_names() {
    std::set<std::string> sections;
    for (const auto& def : key_table()) sections.insert(def.key.substr(0, def.key.find('.')));
    return sections;
}

void read_plugin_configs(const YAML::Node& node, const std::string& path, YamlSettings& out,
                         Problems& problems) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
        problems.add("plugins.config", "expected a mapping of plugin id -> settings",
                     where(path, node));
        return;
    }
    for (const auto& entry : node) {
        const std::string id = entry.first.Scalar();
        const std::string key = "plugins.config." + id;
        const std::string source = where(path, entry.first);
        if (!entry.second.IsNull() && !entry.second.IsMap()) {
            problems.add(key, "expected a mapping of settings", source);
            continue;
        }
        try {
            // "id:" with nothing under it is an empty settings object, not JSON null.
            out.plugin_config_json[id] = entry.second.IsNull() ? "{}" : yaml_to_json(entry.second);
            out.plugin_config_sources[id] = source;
        } catch (const std::exception& e) {
            problems.add(key, e.what(), source);
        }
    }
}

// Whether some key lives below `dotted` (engine.orphans -> engine.orphans.grace).
bool is_subsection(const std::string& dotted, const Keys& keys) {
    for (const KeyDef* def : keys.all())
        if (def->key.rfind(dotted + ".", 0) == 0) return true;
    return false;
}

void read_section(const std::string& section, const YAML::Node& body, const std::string& path, const Keys& keys,
                  YamlSettings& out, Problems& problems) {
    std::map<std::string, std::string> seen;  // key -> where first given
    for (const auto& entry : body) {
        const std::string dotted = section + "." + entry.first.Scalar();
        const std::string source = where(path, entry.first);
        if (auto [it, first] = seen.emplace(dotted, source); !first) {
            problems.add(dotted, "given twice (first at " + it->second + ")", source);
        } else if (dotted == "plugins.config") {
            read_plugin_configs(entry.second, path, out, problems);
        } else if (dotted == "qbittorrent.instances") {
            out.instances = read_yaml_instances(entry.second, path, problems);
            out.instances->source = source;  // the `instances:` key, not its first item
        } else if (const KeyDef* def = keys.find(dotted)) {
            RawSetting raw = raw_from_yaml(dotted, entry.second, path, source, problems);
            raw.secret = keys.secret(*def);
            out.settings.push_back(std::move(raw));
        } else if (is_subsection(dotted, keys)) {
            if (entry.second.IsMap()) read_section(dotted, entry.second, path, keys, out, problems);
            else if (!entry.second.IsNull()) problems.add(dotted, "expected a mapping of keys", source);
        } else if (!keys.deferred(dotted)) {
            problems.add(dotted, "unknown key" + suggestion(dotted, all_keys(keys)), source);
        }
    }
}

}  // namespace

RawSetting raw_from_yaml(const std::string& key, const YAML::Node& value, const std::string& path,
                         const std::string& source, Problems& problems) {
    RawSetting raw = RawSetting::scalar(key, "", source, is_secret_key(key));
    if (value.IsNull()) {
        raw.shape = RawSetting::Shape::Null;
    } else if (value.IsScalar()) {
        raw.text = value.Scalar();
    } else if (value.IsMap()) {
        raw.shape = RawSetting::Shape::Map;
        for (const auto& entry : value) {
            if (!entry.second.IsScalar() && !entry.second.IsNull()) {
                problems.add(key, "mapping values must be plain values", where(path, entry.first));
                continue;
            }
            raw.map.push_back({entry.first.Scalar(), entry.second.IsNull() ? "" : entry.second.Scalar(),
                               where(path, entry.first)});
        }
    } else {
        raw.shape = RawSetting::Shape::List;
        for (const auto& item : value) {
            if (!item.IsScalar()) {
                problems.add(key, "list items must be plain values", where(path, item));
                continue;
            }
            raw.list.push_back(item.Scalar());
        }
    }
    return raw;
}

YamlSettings read_yaml_settings(const std::string& path, const Keys& keys, Problems& problems) {
    YamlSettings out;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        problems.add_plain("config file " + path + ": is a directory");
        return out;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.add_plain("config file " + path + ": cannot read (" + std::strerror(errno) + ")");
        return out;
    }
    std::stringstream text;
    text << in.rdbuf();
    YAML::Node root;
    try {
        root = YAML::Load(text.str());
    } catch (const YAML::Exception& e) {
        const std::string at =
            e.mark.is_null() ? path : path + ":" + std::to_string(e.mark.line + 1);
        problems.add_plain(at + ": YAML syntax error: " + e.msg);
        return out;
    }
    if (root.IsNull()) return out;  // an empty file: all defaults
    if (!root.IsMap()) {
        problems.add_plain(where(path, root) + ": expected a mapping of sections (server:, queue:, ...)");
        return out;
    }
    const auto sections = section_names();
    std::map<std::string, std::string> seen;  // section -> where first given
    for (const auto& entry : root) {
        const std::string section = entry.first.Scalar();
        const std::string source = where(path, entry.first);
        if (auto [it, first] = seen.emplace(section, source); !first) {
            problems.add(section, "section given twice (first at " + it->second + ")", source);
        } else if (section == "schedule") {  // a list, not a section of keys
            out.schedule = read_yaml_schedule(entry.second, path, problems);
            out.schedule_source = source;
        } else if (!sections.count(section)) {
            std::vector<std::string> names(sections.begin(), sections.end());
            problems.add(section, "unknown section" + suggestion(section, names), source);
        } else if (entry.second.IsNull()) {
            continue;  // "server:" with nothing under it
        } else if (!entry.second.IsMap()) {
            problems.add(section, "expected a mapping of keys", source);
        } else {
            read_section(section, entry.second, path, keys, out, problems);
        }
    }
    return out;
}

}  // namespace qbt::config::detail
