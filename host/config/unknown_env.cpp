#include "config/unknown_env.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "config/env_source.hpp"
#include "config/instances_source.hpp"
#include "config/key_table.hpp"
#include "config/near_miss.hpp"

namespace qbt::config::detail {
namespace {

const std::string kPrefix = "QBT_RULES_";

// Names read outside the key table: the config location, the instance list, where the
// built-in plugins are (tests, development builds) and the test harness's binary path.
// QBT_RULES_SCHEDULE_* is checked by the schedule reader itself (an error there).
const std::vector<std::string> kOtherNames = {
    "QBT_RULES_CONFIG_DIR", "QBT_RULES_CONFIG_FILE", "QBT_RULES_QBITTORRENT_INSTANCES",
    "QBT_RULES_PLUGINS_BUILTIN_DIR", "QBT_RULES_EXE"};

std::set<std::string> known_names(const Config& config, const Keys& keys) {
    std::set<std::string> names(kOtherNames.begin(), kOtherNames.end());
    for (const KeyDef* def : keys.all())
        for (const auto& name : env_names(*def)) {
            names.insert(name);
            names.insert(name + "_FILE");
        }
    for (const auto& instance : config.instance_names())
        for (const auto& name : instance_env_names(instance)) names.insert(name);
    return names;
}

// QBT_RULES_QBITTORRENT_<NAME>_<KEY> for a NAME no instance has.
bool looks_like_instance_key(const std::string& name) {
    static const std::vector<std::string> keys = instance_env_names("x");
    const std::string prefix = "QBT_RULES_QBITTORRENT_X";
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
        const std::string suffix = key.substr(prefix.size());  // "_HOST", "_PASSWORD_FILE", ...
        return name.rfind("QBT_RULES_QBITTORRENT_", 0) == 0 && name.size() > 22 + suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
}

}  // namespace

std::vector<std::string> unknown_env_warnings(const std::map<std::string, std::string>& env,
                                              const Config& config, const Keys& keys) {
    const std::set<std::string> known = known_names(config, keys);
    const std::vector<std::string> known_list(known.begin(), known.end());
    std::vector<std::string> warnings;
    for (const auto& [name, value] : env) {
        if (name.rfind(kPrefix, 0) != 0 || known.count(name) || name.rfind("QBT_RULES_SCHEDULE_", 0) == 0)
            continue;
        if (keys.defers_queue() && name.rfind("QBT_RULES_QUEUE_", 0) == 0) continue;  // the second pass says
        std::string text = "environment variable " + name + " is not a qbt-rules setting; ignored";
        if (const std::string near = nearest_name(name, known_list, 3); !near.empty())
            text += " (did you mean " + near + "?)";
        else if (looks_like_instance_key(name))
            text += " (it names no configured qBittorrent instance; declare instances with "
                    "QBT_RULES_QBITTORRENT_INSTANCES or qbittorrent.instances)";
        warnings.push_back(std::move(text));
    }
    return warnings;
}

}  // namespace qbt::config::detail
