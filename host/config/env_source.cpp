#include "config/env_source.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_loader.hpp"
#include "config/value_parse.hpp"

namespace qbt::config::detail {

namespace {

// The first of `names` set to a non-empty value, or nullptr.
const std::pair<const std::string, std::string>* first_set(
    const std::map<std::string, std::string>& env, const std::vector<std::string>& names,
    const std::string& suffix) {
    for (const auto& name : names) {
        auto it = env.find(name + suffix);
        if (it != env.end() && !it->second.empty()) return &*it;
    }
    return nullptr;
}

}  // namespace

std::string read_value_file(const std::string& path, std::string& value) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return "is a directory";
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::strerror(errno);
    std::stringstream content;
    content << in.rdbuf();
    if (in.bad()) return "read error";
    value = content.str();
    if (value.size() >= 2 && value.compare(value.size() - 2, 2, "\r\n") == 0)
        value.resize(value.size() - 2);
    else if (!value.empty() && value.back() == '\n')
        value.pop_back();
    return "";
}

std::vector<std::string> env_names(const KeyDef& def) {
    std::string canonical = "QBT_RULES_" + def.key;
    for (auto& c : canonical)
        if (c == '.') c = '_';
    std::vector<std::string> names{to_upper(canonical)};
    names.insert(names.end(), def.env_aliases.begin(), def.env_aliases.end());
    return names;
}

EnvSettings read_env_settings(const std::map<std::string, std::string>& env, const Keys& keys,
                              Problems& problems) {
    EnvSettings out;
    for (const KeyDef* key : keys.all()) {
        const KeyDef& def = *key;
        const auto names = env_names(def);
        const bool secret = keys.secret(def);
        if (const auto* var = first_set(env, names, "")) {
            out.plain.push_back(RawSetting::scalar(def.key, var->second, "env " + var->first, secret));
        }
        if (const auto* var = first_set(env, names, "_FILE")) {
            const std::string& path = var->second;
            std::string value;
            if (auto problem = read_value_file(path, value); !problem.empty()) {
                problems.add(def.key, "cannot read file " + path + ": " + problem,
                             "env " + var->first);
                continue;
            }
            out.files.push_back(RawSetting::scalar(def.key, std::move(value), "file " + path + " via " + var->first, secret));
        }
    }
    return out;
}

}  // namespace qbt::config::detail
