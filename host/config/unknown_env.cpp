#include "config/unknown_env.hpp"

#include <algorithm>
#include <set>

#include "config/env_source.hpp"
#include "config/instances_source.hpp"
#include "config/key_table.hpp"

namespace qbt::config::detail {
namespace {

const std::string kPrefix = "QBT_RULES_";

// Names read outside the key table: the config location, the instance list, where the
// built-in plugins are (tests, development builds) and the test harness's binary path.
// QBT_RULES_SCHEDULE_* is checked by the schedule reader itself (an error there).
const std::vector<std::string> kOtherNames = {
    "QBT_RULES_CONFIG_DIR", "QBT_RULES_CONFIG_FILE", "QBT_RULES_QBITTORRENT_INSTANCES",
    "QBT_RULES_PLUGINS_BUILTIN_DIR", "QBT_RULES_EXE"};

std::set<std::string> known_names(const Config& config) {
    std::set<std::string> names(kOtherNames.begin(), kOtherNames.end());
    for (const auto& def : key_table())
        for (const auto& name : env_names(def)) {
            names.insert(name);
            names.insert(name + "_FILE");
        }
    for (const auto& instance : config.instance_names())
        for (const auto& name : instance_env_names(instance)) names.insert(name);
    return names;
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The known name nearest to `name` when it is within a typo's reach, else "".
std::string nearest(const std::string& name, const std::set<std::string>& known) {
    std::string best;
    size_t best_distance = 4;  // at most 3 edits
    for (const auto& candidate : known) {
        const size_t distance = edit_distance(name, candidate);
        if (distance < best_distance) best = candidate, best_distance = distance;
    }
    return best;
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
                                              const Config& config) {
    const std::set<std::string> known = known_names(config);
    std::vector<std::string> warnings;
    for (const auto& [name, value] : env) {
        if (name.rfind(kPrefix, 0) != 0 || known.count(name) || name.rfind("QBT_RULES_SCHEDULE_", 0) == 0)
            continue;
        std::string text = "environment variable " + name + " is not a qbt-rules setting; ignored";
        if (const std::string near = nearest(name, known); !near.empty())
            text += " (did you mean " + near + "?)";
        else if (looks_like_instance_key(name))
            text += " (it names no configured qBittorrent instance; declare instances with "
                    "QBT_RULES_QBITTORRENT_INSTANCES or qbittorrent.instances)";
        warnings.push_back(std::move(text));
    }
    return warnings;
}

}  // namespace qbt::config::detail
