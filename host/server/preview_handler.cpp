// POST /api/preview: the rules in dry-run now, per rule what matched and what would be
// done. Parameters: context, hash and instance in the query string and/or a JSON body
// {context, hash, instance, rules: "<rules.yml text>", rule: NAME or [NAMES]}; `rules` tries
// rules before saving them; `instance` (default "default") picks the qBittorrent instance;
// `rule` previews only those rules (rule_param.hpp).
#include "server/api.hpp"
#include "server/instance_param.hpp"
#include "server/rule_param.hpp"
#include "server/validation.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::server {
namespace {

using Status = engine::PreviewOutcome::Status;

// A string member of the body, or nullopt when absent or null.
std::optional<std::string> body_string(const rapidjson::Value& body, const char* name) {
    auto it = body.FindMember(name);
    if (it == body.MemberEnd() || it->value.IsNull()) return std::nullopt;
    if (!it->value.IsString()) throw ParamError(name, std::string("'") + name + "' must be a string");
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

// The query value and the body value of one parameter must agree when both are given.
std::optional<std::string> merge(const char* name, std::optional<std::string> query, std::optional<std::string> body) {
    if (query && body && *query != *body)
        throw ParamError(name, std::string("'") + name + "' differs between the query string and the body");
    return query ? query : body;
}

engine::PreviewRequest parse_preview_request(const config::Config& config, const ApiRequest& request) {
    engine::PreviewRequest out;
    std::optional<std::string> body_context, body_hash, body_instance;
    if (!request.body.empty()) {
        if (request.content_type != "application/json")
            throw ParamError("body", "the preview body must be JSON (Content-Type: application/json)",
                             "unsupported_media_type");
        rapidjson::Document body;
        body.Parse(request.body.c_str(), request.body.size());
        if (body.HasParseError() || !body.IsObject())
            throw ParamError("body", "the preview body is not a JSON object");
        for (const auto& member : body.GetObject()) {
            const std::string name(member.name.GetString(), member.name.GetStringLength());
            if (name != "context" && name != "hash" && name != "rules" && name != "instance" && name != "rule")
                throw ParamError(name, "unknown member " + quote_input(name) +
                                           " (expected context, hash, rules, instance, rule)");
        }
        body_context = body_string(body, "context");
        body_instance = body_string(body, "instance");
        body_hash = body_string(body, "hash");
        out.rules_yaml = body_string(body, "rules");
    }
    out.context = merge("context", find_param(request.query, "context"), body_context);
    out.hash = merge("hash", find_param(request.query, "hash"), body_hash);
    if (out.context) out.context = validate_context(*out.context);
    if (out.hash) out.hash = validate_hash(*out.hash);
    out.instance = validate_instance(config, merge("instance", find_param(request.query, "instance"), body_instance));
    out.rules = rule_names_from(request);
    return out;
}

Reply invalid_rules(const engine::PreviewOutcome& outcome) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("error");
    w.String("invalid_rules");
    w.Key("message");
    w.String(outcome.message.c_str(), static_cast<rapidjson::SizeType>(outcome.message.size()));
    w.Key("diagnostics");
    w.RawValue(outcome.json.c_str(), outcome.json.size(), rapidjson::kArrayType);
    w.EndObject();
    return json_reply(400, buffer.GetString());
}

}  // namespace

Reply handle_preview(ApiContext& api, const ApiRequest& request) {
    const engine::PreviewRequest preview = parse_preview_request(api.deps.config, request);
    // Names are checked against the server's rules; tried rules (`rules`) are checked when loaded.
    if (!preview.rules_yaml) check_rule_names(preview.rules, api.deps.rules_json ? api.deps.rules_json() : "");
    if (api.deps.previewer == nullptr)
        return error_reply(503, "preview_unavailable", "this server does not offer previews");
    const engine::PreviewOutcome outcome = api.deps.previewer->preview(preview);
    switch (outcome.status) {
    case Status::Ok:
        return json_reply(200, outcome.json);
    case Status::InvalidRules:
        return invalid_rules(outcome);
    case Status::Busy: {
        Reply reply = error_reply(429, "preview_busy", outcome.message);
        reply.headers.emplace_back("Retry-After", "5");
        return reply;
    }
    case Status::Timeout:
        return error_reply(504, "preview_timeout", outcome.message);
    case Status::Failed:
        break;
    }
    return error_reply(502, "preview_failed", "the preview could not run: " + outcome.message);
}

}  // namespace qbt::server
