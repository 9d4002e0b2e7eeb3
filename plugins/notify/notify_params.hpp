// The notify action's params, validated at rule load (every error names the param).
#pragma once

#include <qbt/cpp/value_view.hpp>

#include <string>

namespace qbt::notify {

enum class Service { Discord, Slack, Ntfy, Webhook };

struct NotifyParams {
    Service service = Service::Webhook;
    std::string url;  // secret: never logged (the audit redacts it by its name)
    std::string message_template = "{count} torrent(s) matched rule {rule}: {names}";
    std::string line_template = "{name}";  // one line per torrent for {torrents}
    std::string title_template = "qbt-rules: {rule}";  // ntfy Title header
    double timeout_seconds = 10;  // per attempt
    int retries = 3;              // attempts after the first
};

// The plugin's config (config.yml `notifications:` of qbt-rules 0.6, handed over by the host
// as {"webhook_url", "service"}): used when a rule omits params.url / params.service. Set
// once by plugin_init, before any rule compiles. Throws sdk::Error on a bad service.
void set_defaults(const std::string& config_json);

// Throws sdk::Error(QBT_E_INVALID) "notify: param '<name>' ...".
NotifyParams parse_params(sdk::ValueView params);

const char* service_name(Service service);

}  // namespace qbt::notify
