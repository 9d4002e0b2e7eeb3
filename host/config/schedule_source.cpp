#include "config/schedule_source.hpp"

#include <cctype>

#include "config/value_parse.hpp"

namespace qbt::config::detail {
namespace {

constexpr const char* kEnvPrefix = "QBT_RULES_SCHEDULE_";

std::string where(const std::string& path, const YAML::Node& node) {
    return path + ":" + std::to_string(node.Mark().line + 1);
}

// Validates and stores one field; "" when fine.
std::string set_field(ScheduleEntry& entry, const std::string& field, const std::string& text) {
    if (field == "cron") {
        if (trim(text).empty()) return "cron must not be empty";
        entry.cron = trim(text);
    } else if (field == "context") {
        entry.context = text;
        if (text.empty()) entry.context.reset();
    } else if (field == "instance") {
        if (trim(text).empty()) return "instance must not be empty (leave it out for the default instance)";
        entry.instance = trim(text);  // checked against the configured instances by the loader
    } else if (field == "dry_run") {
        auto value = parse_bool(text);
        if (!value) return "dry_run '" + text + "' is not a boolean (true/false)";
        entry.dry_run = *value;
    } else {
        return "unknown key '" + field + "' (an entry takes cron, context, dry_run, instance)";
    }
    return "";
}

}  // namespace

std::vector<ScheduleEntry> read_yaml_schedule(const YAML::Node& node, const std::string& path,
                                              Problems& problems) {
    std::vector<ScheduleEntry> entries;
    if (node.IsNull()) return entries;
    if (!node.IsSequence()) {
        problems.add("schedule", "expected a list of entries such as - {cron: \"0 3 * * *\", context: nightly}",
                     where(path, node));
        return entries;
    }
    for (size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        const std::string key = "schedule[" + std::to_string(i) + "]";
        if (!item.IsMap()) {
            problems.add(key, "expected a mapping with cron (and context, dry_run)", where(path, item));
            continue;
        }
        ScheduleEntry entry;
        entry.source = where(path, item);
        bool ok = true;
        for (const auto& member : item) {
            const std::string field = member.first.Scalar();
            if (!member.second.IsScalar() && !member.second.IsNull()) {
                problems.add(key + "." + field, "expected a single value", where(path, member.first));
                ok = false;
                continue;
            }
            const std::string text = member.second.IsNull() ? "" : member.second.Scalar();
            if (auto problem = set_field(entry, field, text); !problem.empty()) {
                problems.add(key, problem, where(path, member.first));
                ok = false;
            }
        }
        if (ok && entry.cron.empty()) {
            problems.add(key, "cron is missing", entry.source);
            ok = false;
        }
        if (ok) entries.push_back(std::move(entry));
    }
    return entries;
}

std::optional<std::vector<ScheduleEntry>> read_env_schedule(const std::map<std::string, std::string>& env,
                                                            Problems& problems) {
    std::map<long long, ScheduleEntry> by_number;
    const std::string prefix = kEnvPrefix;
    for (auto it = env.lower_bound(prefix); it != env.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
        if (it->second.empty()) continue;  // empty env values count as unset
        const std::string rest = it->first.substr(prefix.size());  // "<N>_<FIELD>"
        const auto underscore = rest.find('_');
        const auto number = parse_integer(rest.substr(0, underscore));
        if (underscore == std::string::npos || !number || *number < 0) {
            problems.add("schedule", "env name not of the form QBT_RULES_SCHEDULE_<N>_CRON/_CONTEXT/_DRY_RUN/_INSTANCE",
                         "env " + it->first);
            continue;
        }
        std::string field = rest.substr(underscore + 1);
        for (auto& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        ScheduleEntry& entry = by_number[*number];
        if (entry.source.empty() || field == "cron") entry.source = "env " + it->first;
        if (auto problem = set_field(entry, field, it->second); !problem.empty())
            problems.add("schedule", problem, "env " + it->first);
    }
    if (by_number.empty()) return std::nullopt;
    std::vector<ScheduleEntry> entries;
    for (auto& [number, entry] : by_number) {
        if (entry.cron.empty()) {
            problems.add("schedule", "QBT_RULES_SCHEDULE_" + std::to_string(number) + "_CRON is missing",
                         entry.source);
            continue;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace qbt::config::detail
