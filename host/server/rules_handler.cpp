// GET /api/rules: the rules the next job will use (rules/rules_json.hpp), plus the
// problem of rules.yml's newest version when it did not load (the last good rules stay).
#include "server/api.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::server {

Reply handle_rules(ApiContext& api, const ApiRequest&) {
    if (!api.deps.rules_json) return error_reply(404, "not_found", "this server does not publish its rules");
    const std::string problem = api.deps.rules_problem ? api.deps.rules_problem() : "";
    const std::string rules = api.deps.rules_json();
    rapidjson::Document doc;
    doc.Parse(rules.c_str(), rules.size());
    if (rules.empty() || doc.HasParseError() || !doc.IsObject())
        return error_reply(503, "no_rules",
                           "no version of the rules file has loaded yet" + (problem.empty() ? "" : ": " + problem));
    rapidjson::Value problem_value;
    if (problem.empty()) problem_value.SetNull();
    else problem_value.SetString(problem.c_str(), static_cast<rapidjson::SizeType>(problem.size()), doc.GetAllocator());
    doc.AddMember("problem", problem_value, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    return json_reply(200, std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace qbt::server
