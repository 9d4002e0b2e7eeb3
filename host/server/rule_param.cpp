#include "server/rule_param.hpp"

#include <rapidjson/document.h>

#include <algorithm>

namespace qbt::server {
namespace {

void add_name(std::vector<std::string>& names, std::string name) {
    if (name.empty()) throw ParamError("rule", "parameter \"rule\" is empty: name a rule of rules.yml");
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

// Every `rule=` of a form body, in order (parse_form keeps only the first of a name).
void names_from_form(std::string_view body, std::vector<std::string>& names) {
    while (!body.empty()) {
        const size_t amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        const ParamMap one = parse_form(pair);
        if (auto value = find_param(one, "rule")) add_name(names, *value);
    }
}

void names_from_json(const std::string& body, std::vector<std::string>& names) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return;  // the caller's parser says what is wrong
    const auto it = doc.FindMember("rule");
    if (it == doc.MemberEnd() || it->value.IsNull()) return;
    auto take = [&names](const rapidjson::Value& v) {
        if (!v.IsString()) throw ParamError("rule", "\"rule\" in the JSON body must be a rule name or a list of names");
        add_name(names, std::string(v.GetString(), v.GetStringLength()));
    };
    if (it->value.IsArray()) {
        for (const auto& v : it->value.GetArray()) take(v);
    } else {
        take(it->value);
    }
}

}  // namespace

std::vector<std::string> rule_names_from(const ApiRequest& request) {
    std::vector<std::string> names;
    if (auto value = find_param(request.query, "rule")) add_name(names, *value);
    if (request.body.empty()) return names;
    if (request.content_type == "application/json") names_from_json(request.body, names);
    else if (request.content_type == "application/x-www-form-urlencoded" || request.content_type.empty())
        names_from_form(request.body, names);
    return names;
}

void check_rule_names(const std::vector<std::string>& names, const std::string& rules_json) {
    if (names.empty()) return;
    rapidjson::Document doc;
    doc.Parse(rules_json.c_str(), rules_json.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rules") || !doc["rules"].IsArray())
        throw ParamError("rule", "parameter \"rule\": no rules are loaded on this server");
    std::string listed;
    std::vector<std::string> enabled;
    std::vector<std::string> disabled;
    for (const auto& rule : doc["rules"].GetArray()) {
        if (!rule.IsObject() || !rule.HasMember("name") || !rule["name"].IsString()) continue;
        const std::string name = rule["name"].GetString();
        const bool on = !rule.HasMember("enabled") || !rule["enabled"].IsBool() || rule["enabled"].GetBool();
        (on ? enabled : disabled).push_back(name);
        listed += (listed.empty() ? "'" : ", '") + name + "'" + (on ? "" : " (disabled)");
    }
    std::string problems;
    for (const std::string& name : names) {
        if (std::find(enabled.begin(), enabled.end(), name) != enabled.end()) continue;
        const bool off = std::find(disabled.begin(), disabled.end(), name) != disabled.end();
        problems += (problems.empty() ? "" : "; ") + std::string("rule '") + name + "' " +
                    (off ? "is disabled (enabled: false in rules.yml)" : "does not exist");
    }
    if (!problems.empty())
        throw ParamError("rule", "parameter \"rule\": " + problems + "; the rules are: " +
                                     (listed.empty() ? "none" : listed));
}

}  // namespace qbt::server
