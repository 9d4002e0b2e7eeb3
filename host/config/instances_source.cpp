#include "config/instances_source.hpp"

#include <algorithm>

#include "config/config_loader.hpp"
#include "config/env_source.hpp"
#include "config/key_table.hpp"
#include "config/value_parse.hpp"
#include "config/yaml_source.hpp"

namespace qbt::config::detail {
namespace {

constexpr size_t kMaxNameLength = 32;
const std::string kListKey = "qbittorrent.instances";
const std::string kSinglePrefix = "qbittorrent.";
const std::string kEnvList = "QBT_RULES_QBITTORRENT_INSTANCES";

std::string where(const std::string& path, const YAML::Node& node) {
    return path + ":" + std::to_string(node.Mark().line + 1);
}

// The single form's per-connection keys without "qbittorrent.": host, username, ...
const std::vector<std::string>& fields() {
    static const std::vector<std::string> list = [] {
        std::vector<std::string> out;
        for (const auto& def : key_table())
            if (def.key.rfind(kSinglePrefix, 0) == 0) out.push_back(def.key.substr(kSinglePrefix.size()));
        return out;
    }();
    return list;
}

bool is_field(const std::string& field) {
    return std::find(fields().begin(), fields().end(), field) != fields().end();
}

std::string field_list() {
    std::string text = "name";
    for (const auto& field : fields()) text += ", " + field;
    return text;
}

// The NAME of QBT_RULES_QBITTORRENT_<NAME>_<KEY>.
std::string env_part(const std::string& name) {
    std::string part = to_upper(name);
    std::replace(part.begin(), part.end(), '-', '_');
    return part;
}

}  // namespace

std::vector<std::string> instance_env_names(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& field : fields()) {
        names.push_back("QBT_RULES_QBITTORRENT_" + env_part(name) + "_" + to_upper(field));
        names.push_back(names.back() + "_FILE");
    }
    return names;
}

namespace {

// A name whose env names would read as a single-form key (basic_auth + username ->
// QBT_RULES_QBITTORRENT_BASIC_AUTH_USERNAME) or as the list itself.
bool shadows_single_form(const std::string& name) {
    if (name == "instances") return true;
    const std::string part = env_part(name);
    for (const auto& single : fields())
        for (const auto& field : fields())
            if (to_upper(single) == part + "_" + to_upper(field)) return true;
    return false;
}

// "" when the name is acceptable.
std::string name_problem(const std::string& name) {
    if (name.empty()) return "an instance name must not be empty";
    if (name.size() > kMaxNameLength)
        return "instance name '" + name + "' is longer than " + std::to_string(kMaxNameLength) + " characters";
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return "instance name '" + name + "' may only hold a-z, 0-9, '_' and '-'";
    if (name == kAllInstances) return "instance name 'all' is reserved (instance=all means every instance)";
    if (shadows_single_form(name))
        return "instance name '" + name + "' is reserved: its environment names would read as single-form "
               "qbittorrent keys";
    return "";
}

YamlInstance read_entry(const YAML::Node& item, const std::string& key, const std::string& path,
                        Problems& problems) {
    YamlInstance entry;
    entry.source = where(path, item);
    std::map<std::string, std::string> seen;
    for (const auto& member : item) {
        const std::string field = member.first.Scalar();
        const std::string source = where(path, member.first);
        if (auto [it, first] = seen.emplace(field, source); !first) {
            problems.add(key + "." + field, "given twice (first at " + it->second + ")", source);
        } else if (field == "name") {
            if (member.second.IsScalar()) entry.name = member.second.Scalar();
            else problems.add(key + ".name", "expected a single value", source);
            if (auto problem = name_problem(entry.name); !problem.empty() && member.second.IsScalar())
                problems.add(key + ".name", problem, source);
        } else if (!is_field(field)) {
            problems.add(key + "." + field, "unknown key (an instance takes " + field_list() + ")", source);
        } else {
            entry.settings.push_back(raw_from_yaml(field, member.second, path, source, problems));
        }
    }
    if (!seen.count("name")) problems.add(key, "name is missing", entry.source);
    return entry;
}

struct Declared {
    std::string name;
    std::string source;
    const YamlInstance* yaml = nullptr;
};

// Adds the comma-separated names of an env/CLI declaration.
void declare_names(const std::string& text, const std::string& source, std::vector<Declared>& declared,
                   Problems& problems) {
    std::string rest = text;
    while (true) {
        const auto comma = rest.find(',');
        const std::string name = trim(rest.substr(0, comma));
        if (auto problem = name_problem(name); !problem.empty()) {
            problems.add(kListKey, problem, source);
        } else if (std::none_of(declared.begin(), declared.end(), [&](const Declared& d) { return d.name == name; })) {
            declared.push_back({name, source, nullptr});
        }
        if (comma == std::string::npos) break;
        rest = rest.substr(comma + 1);
    }
}

std::string find_or_empty(const std::map<std::string, std::string>& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? "" : it->second;
}

// Applies every layer of one instance's keys to a fresh QbittorrentConfig.
QbittorrentInstance resolve_one(const Declared& declared, const std::map<std::string, std::string>& env,
                                const std::map<std::string, std::string>& cli, Config& config, Problems& problems) {
    Config scratch;
    const std::string prefix = kListKey + "." + declared.name + ".";
    std::map<std::string, std::string> sources;
    auto apply = [&](const RawSetting& raw) {
        const KeyDef* def = find_key(kSinglePrefix + raw.key);
        if (auto problem = def->apply(scratch, raw); !problem.empty())
            problems.add(prefix + raw.key, problem, raw.source);
        else
            sources[raw.key] = raw.source;
    };
    if (declared.yaml)
        for (const auto& raw : declared.yaml->settings) apply(raw);
    const std::string env_prefix = "QBT_RULES_QBITTORRENT_" + env_part(declared.name) + "_";
    for (const auto& field : fields()) {  // env, then _FILE (higher)
        const std::string name = env_prefix + to_upper(field);
        if (auto value = find_or_empty(env, name); !value.empty())
            apply(RawSetting::scalar(field, value, "env " + name, is_secret_key(field)));
    }
    for (const auto& field : fields()) {
        const std::string name = env_prefix + to_upper(field) + "_FILE";
        const std::string path = find_or_empty(env, name);
        if (path.empty()) continue;
        std::string value;
        if (auto problem = read_value_file(path, value); !problem.empty())
            problems.add(prefix + field, "cannot read file " + path + ": " + problem, "env " + name);
        else
            apply(RawSetting::scalar(field, value, "file " + path + " via " + name, is_secret_key(field)));
    }
    for (const auto& field : fields())
        if (auto it = cli.find(prefix + field); it != cli.end())
            apply(RawSetting::scalar(field, it->second, "cli --set " + prefix + field, is_secret_key(field)));
    if (!sources.count("host"))
        problems.add(prefix + "host", "is required for every listed instance (or " + env_prefix + "HOST)",
                     declared.source);
    for (const auto& [field, source] : sources) config.sources[prefix + field] = source;
    return {declared.name, scratch.qbittorrent, declared.source};
}

}  // namespace

YamlInstances read_yaml_instances(const YAML::Node& node, const std::string& path, Problems& problems) {
    YamlInstances out;
    out.source = where(path, node);
    if (!node.IsSequence()) {
        problems.add(kListKey, "expected a list of instances such as - {name: a, host: http://127.0.0.1:8080}",
                     out.source);
        return out;
    }
    std::map<std::string, std::string> names;  // name -> where first given
    for (size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        const std::string key = kListKey + "[" + std::to_string(i) + "]";
        if (!item.IsMap()) {
            problems.add(key, "expected a mapping with " + field_list(), where(path, item));
            continue;
        }
        YamlInstance entry = read_entry(item, key, path, problems);
        if (entry.name.empty() || !name_problem(entry.name).empty()) continue;
        if (auto [it, first] = names.emplace(entry.name, entry.source); !first) {
            problems.add(key, "instance '" + entry.name + "' given twice (first at " + it->second + ")",
                         entry.source);
            continue;
        }
        out.entries.push_back(std::move(entry));
    }
    return out;
}

bool is_instance_cli_key(const std::string& dotted_key) {
    return dotted_key == kListKey || dotted_key.rfind(kListKey + ".", 0) == 0;
}

void resolve_instances(const YamlInstances* yaml, const std::map<std::string, std::string>& env,
                       const std::map<std::string, std::string>& cli, Config& config, Problems& problems) {
    std::vector<Declared> declared;
    std::string list_source;
    if (yaml) {
        list_source = yaml->source;
        for (const auto& entry : yaml->entries) declared.push_back({entry.name, entry.source, &entry});
    }
    if (auto names = find_or_empty(env, kEnvList); !names.empty()) {
        if (list_source.empty()) list_source = "env " + kEnvList;
        declare_names(names, "env " + kEnvList, declared, problems);
    }
    if (auto it = cli.find(kListKey); it != cli.end()) {
        if (list_source.empty()) list_source = "cli --set " + kListKey;
        declare_names(it->second, "cli --set " + kListKey, declared, problems);
    }
    const std::string host_source = config.sources.count("qbittorrent.host") ? config.sources["qbittorrent.host"]
                                                                              : "default";
    for (const auto& [key, value] : cli) {  // per-instance CLI keys must name a declared instance and key
        if (key == kListKey || !is_instance_cli_key(key)) continue;
        const std::string rest = key.substr(kListKey.size() + 1);
        const auto dot = rest.find('.');
        const std::string name = rest.substr(0, dot);
        const std::string field = dot == std::string::npos ? "" : rest.substr(dot + 1);
        if (std::none_of(declared.begin(), declared.end(), [&](const Declared& d) { return d.name == name; }))
            problems.add(key, "no instance named '" + name + "' is declared", "cli --set " + key);
        else if (!is_field(field))
            problems.add(key, "unknown key (an instance takes " + field_list() + ")", "cli --set " + key);
    }
    if (list_source.empty()) {  // the single form: one instance named "default"
        config.instances = {{kDefaultInstance, config.qbittorrent, host_source}};
        return;
    }
    std::string singles;
    for (const auto& [key, source] : config.sources)
        if (key.rfind(kSinglePrefix, 0) == 0) singles += (singles.empty() ? "" : ", ") + key + " (" + source + ")";
    if (!singles.empty())
        problems.add(kListKey, "cannot be used together with the single form " + singles +
                                   ": give these settings inside each instance (or QBT_RULES_QBITTORRENT_<NAME>_<KEY>)",
                     list_source);
    if (declared.empty()) problems.add(kListKey, "declares no instance", list_source);
    std::map<std::string, std::string> by_env_part;
    for (const auto& d : declared)
        if (auto [it, first] = by_env_part.emplace(env_part(d.name), d.name); !first)
            problems.add(kListKey, "instances '" + it->second + "' and '" + d.name +
                                       "' would share environment names (QBT_RULES_QBITTORRENT_" + it->first + "_*)",
                         d.source);
    config.instances.clear();
    for (const auto& d : declared) config.instances.push_back(resolve_one(d, env, cli, config, problems));
    config.sources[kListKey] = list_source;
    if (!config.instances.empty()) config.qbittorrent = config.instances.front().connection;
}

}  // namespace qbt::config::detail
