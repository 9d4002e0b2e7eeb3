#include "notify_params.hpp"

#include "message.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/units.hpp>

#include <cmath>

#include <rapidjson/document.h>

namespace qbt::notify {

namespace {

struct Defaults {
    std::string url;
    std::string service;
};
Defaults g_defaults;  // written by plugin_init only, before any compile (entry.cpp)

[[noreturn]] void fail(const std::string& param, const std::string& what) {
    throw sdk::Error(QBT_E_INVALID, "notify: param '" + param + "' " + what);
}

std::string text(sdk::ValueView params, const char* name, std::string fallback) {
    sdk::ValueView v = params.get(name);
    if (v.missing() || v.is_null()) return fallback;
    if (!v.is_string()) fail(name, "must be text, got " + v.to_text());
    return std::string(v.as_string());
}

double seconds(sdk::ValueView params, const char* name, double fallback) {
    sdk::ValueView v = params.get(name);
    if (v.missing() || v.is_null()) return fallback;
    std::optional<double> s;
    if (v.is_number()) s = v.as_number();
    else if (v.is_string()) s = sdk::parse_duration(v.as_string());
    if (!s || !std::isfinite(*s) || *s <= 0 || *s > 300)
        fail(name, "must be a duration above 0 and at most 300 s (e.g. 10, \"10s\"), got " + v.to_text());
    return *s;
}

}  // namespace

const char* service_name(Service service) {
    switch (service) {
    case Service::Discord: return "discord";
    case Service::Slack: return "slack";
    case Service::Ntfy: return "ntfy";
    case Service::Webhook: break;
    }
    return "webhook";
}

// "generic" is qbt-rules 0.6's name for the JSON webhook.
bool read_service(const std::string& service, Service& out) {
    if (service == "discord") out = Service::Discord;
    else if (service == "slack") out = Service::Slack;
    else if (service == "ntfy") out = Service::Ntfy;
    else if (service == "webhook" || service == "generic") out = Service::Webhook;
    else return false;
    return true;
}

void set_defaults(const std::string& config_json) {
    rapidjson::Document doc;
    if (doc.Parse(config_json.c_str()).HasParseError() || !doc.IsObject())
        throw sdk::Error(QBT_E_INVALID, "notify: the plugin config is not a JSON object");
    Defaults defaults;
    for (const char* key : {"webhook_url", "service"}) {
        auto it = doc.FindMember(key);
        if (it == doc.MemberEnd()) continue;
        if (!it->value.IsString()) throw sdk::Error(QBT_E_INVALID, std::string("notify: config '") + key + "' must be text");
        (key[0] == 'w' ? defaults.url : defaults.service) = it->value.GetString();
    }
    Service ignored;
    if (!defaults.service.empty() && !read_service(defaults.service, ignored))
        throw sdk::Error(QBT_E_INVALID, "notify: config 'service' '" + defaults.service +
                                            "' is not one of discord, slack, ntfy, generic");
    g_defaults = std::move(defaults);
}

NotifyParams parse_params(sdk::ValueView params) {
    if (!params.missing() && !params.is_null() && !params.is_object())
        throw sdk::Error(QBT_E_INVALID, "notify: params must be a mapping");
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string key(params.key_at(i));
        if (key != "service" && key != "url" && key != "template" && key != "line" && key != "title" &&
            key != "timeout" && key != "retries")
            fail(key, "is unknown (expected service, url, template, line, title, timeout, retries)");
    }
    NotifyParams out;
    const std::string service = text(params, "service", g_defaults.service);
    if (!read_service(service, out.service))
        fail("service", service.empty() ? "is required (discord, slack, ntfy or webhook), or notifications.service"
                                        : "'" + service + "' is not one of discord, slack, ntfy, webhook, generic");
    out.url = text(params, "url", g_defaults.url);
    // Never echo the URL: it usually embeds a token.
    if (out.url.rfind("http://", 0) != 0 && out.url.rfind("https://", 0) != 0)
        fail("url", out.url.empty() ? "is required (or notifications.webhook_url)" : "must be an http:// or https:// URL");
    out.message_template = text(params, "template", out.message_template);
    out.line_template = text(params, "line", out.line_template);
    out.title_template = text(params, "title", out.title_template);
    for (const auto& [name, tmpl] : {std::pair{"template", &out.message_template},
                                     std::pair{"line", &out.line_template}, std::pair{"title", &out.title_template}})
        if (std::string bad = unknown_placeholder(*tmpl); !bad.empty())
            fail(name, "uses unknown placeholder {" + bad + "} (known: " + known_placeholders() + ")");
    out.timeout_seconds = seconds(params, "timeout", out.timeout_seconds);
    sdk::ValueView retries = params.get("retries");
    if (!retries.missing() && !retries.is_null()) {
        if (!retries.is_int() || retries.as_int() < 0 || retries.as_int() > 10)
            fail("retries", "must be a whole number from 0 to 10, got " + retries.to_text());
        out.retries = static_cast<int>(retries.as_int());
    }
    return out;
}

}  // namespace qbt::notify
