#include "server/execute_params.hpp"

#include "server/validation.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace qbt::server {
namespace {

const char* const kNames[] = {"context", "hash", "dry_run", "instance"};

// A body's parameters: text as given; a JSON boolean dry_run stays a bool (never "true").
struct BodyParams {
    ParamMap text;
    std::optional<bool> dry_run;
};

BodyParams params_from_json(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError()) {
        throw ParamError("body", std::string("the JSON body is not valid JSON: ") +
                                     rapidjson::GetParseError_En(doc.GetParseError()) +
                                     " (at offset " + std::to_string(doc.GetErrorOffset()) + ")",
                         "invalid_body");
    }
    if (!doc.IsObject()) {
        throw ParamError("body", "the JSON body must be an object such as "
                                 "{\"context\": \"weekly-cleanup\"}", "invalid_body");
    }
    BodyParams params;
    for (const char* name : kNames) {
        const auto it = doc.FindMember(name);
        if (it == doc.MemberEnd() || it->value.IsNull()) continue;
        const rapidjson::Value& value = it->value;
        if (value.IsString()) {
            params.text[name] = std::string(value.GetString(), value.GetStringLength());
        } else if (value.IsBool() && std::string(name) == "dry_run") {
            params.dry_run = value.GetBool();
        } else if (value.IsInt() && std::string(name) == "dry_run") {
            params.text[name] = std::to_string(value.GetInt());  // 0 / 1, read as the query's text is
        } else {
            throw ParamError(name, std::string("parameter \"") + name + "\" in the JSON body must be a " +
                                       (std::string(name) == "dry_run" ? "boolean" : "string"));
        }
    }
    return params;
}

BodyParams params_from_body(const ApiRequest& request) {
    if (request.body.empty()) return {};
    if (request.content_type == "application/json") return params_from_json(request.body);
    if (request.content_type == "application/x-www-form-urlencoded" || request.content_type.empty()) {
        return {parse_form(request.body), std::nullopt};
    }
    throw ParamError("Content-Type", "unsupported Content-Type " + quote_input(request.content_type) +
                                         ": send parameters in the query string, as "
                                         "application/x-www-form-urlencoded or as application/json",
                     "unsupported_media_type");
}

}  // namespace

ExecuteParams parse_execute_params(const ApiRequest& request) {
    const BodyParams body = params_from_body(request);
    ParamMap merged;
    for (const char* name : kNames) {
        const auto from_query = find_param(request.query, name);
        if (std::string(name) == "dry_run" && body.dry_run) {  // compared as booleans
            if (from_query && parse_bool(name, *from_query) != *body.dry_run)
                throw ParamError(name, "parameter \"dry_run\" is given twice with different values (query string and body)");
            continue;
        }
        const auto from_body = find_param(body.text, name);
        if (from_query && from_body && *from_query != *from_body) {
            throw ParamError(name, std::string("parameter \"") + name +
                                       "\" is given twice with different values (query string and body)");
        }
        if (from_query) merged[name] = *from_query;
        else if (from_body) merged[name] = *from_body;
    }
    ExecuteParams params;
    if (auto v = find_param(merged, "context")) params.context = validate_context(*v);
    if (auto v = find_param(merged, "hash")) params.hash = validate_hash(*v);
    if (body.dry_run) params.dry_run = body.dry_run;
    else if (auto v = find_param(merged, "dry_run")) params.dry_run = parse_bool("dry_run", *v);
    if (auto v = find_param(merged, "instance")) params.instance = *v;  // checked against the config by the handler
    return params;
}

}  // namespace qbt::server
