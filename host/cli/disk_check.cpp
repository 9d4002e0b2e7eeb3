#include "cli/disk_check.hpp"

#include "disk/root_check.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::cli {
namespace {

bool reads_disk_fact(const rules::Group& group, std::string& field) {
    for (const auto& item : group.items) {
        if (const auto* condition = std::get_if<rules::Condition>(&item)) {
            const auto& f = condition->field;
            if (f.space == "info" && (f.key == "cross_seeds" || f.key == "hardlinks")) {
                field = f.text;
                return true;
            }
        } else if (reads_disk_fact(std::get<rules::Group>(item), field)) {
            return true;
        }
    }
    return false;
}

// delete_torrent removes files unless delete_files is false (or the older keep_files true);
// set_location moves them. Both need to know which files other torrents use.
bool touches_files(const rules::Action& action) {
    if (action.type == "set_location") return true;
    if (action.type != "delete_torrent") return false;
    rapidjson::Document params;
    params.Parse(action.params_json.c_str());
    if (params.HasParseError() || !params.IsObject()) return true;
    auto flag = [&](const char* key, bool fallback) {
        auto it = params.FindMember(key);
        return it != params.MemberEnd() && it->value.IsBool() ? it->value.GetBool() : fallback;
    };
    return flag("delete_files", true) && !flag("keep_files", false);
}

}  // namespace

std::vector<std::string> DiskCheck::lines() const {
    std::vector<std::string> out;
    for (const auto& root : unreadable)
        out.push_back("qbittorrent.path_map of instance '" + root.instance + "': local path " + root.path + " is " +
                      root.problem);
    if (!unreadable.empty())
        for (const auto& need : needed_by)
            out.push_back(need + ": needs those files; its disk facts stay unknown and deletes with files are refused");
    return out;
}

std::string DiskCheck::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("status");
    w.String(unreadable.empty() ? "ok" : error() ? "error" : "warning");
    w.Key("unreadable");
    w.StartArray();
    for (const auto& root : unreadable) {
        w.StartObject();
        w.Key("instance");
        w.String(root.instance.c_str());
        w.Key("path");
        w.String(root.path.c_str());
        w.Key("problem");
        w.String(root.problem.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.Key("needed_by");
    w.StartArray();
    for (const auto& need : needed_by) w.String(need.c_str());
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

DiskCheck check_disk(const config::Config& config, const rules::RuleSet* rules) {
    DiskCheck check;
    for (const auto& instance : config.instances) {
        if (!instance.connection.shares_disk) continue;
        for (const auto& [from, local] : instance.connection.path_map)
            if (auto problem = disk::directory_problem(local); !problem.empty())
                check.unreadable.push_back({instance.name, local, problem});
    }
    if (!rules) return check;
    for (const auto& rule : rules->rules) {
        if (!rule.enabled) continue;
        const std::string who = "rule '" + rule.name + "' (" + rule.where.to_string() + ")";
        std::string field;
        if (reads_disk_fact(rule.conditions, field)) check.needed_by.push_back(who + " reads " + field);
        for (const auto& action : rule.actions)
            if (touches_files(action)) {
                check.needed_by.push_back(who + " " + (action.type == "set_location" ? "moves" : "deletes") + " files");
                break;
            }
    }
    return check;
}

}  // namespace qbt::cli
