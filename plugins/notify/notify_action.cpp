// The `notify` action: one message per execute() call, i.e. per rule per job,
// summarising the rule's batch. Never satisfied (nothing to check in a torrent); its
// effect changes nothing, so the host does not re-read torrents after it.
#include "message.hpp"
#include "notify_params.hpp"
#include "sender.hpp"

#include <qbt/cpp/action.hpp>

namespace qbt::notify {

namespace {

struct Notify {
    explicit Notify(sdk::ValueView params) : params_(parse_params(params)) {}

    void execute(const sdk::Call& call, sdk::TorrentBatch batch, std::span<int32_t>) const {
        Batch summary{call.raw->rule_name ? call.raw->rule_name : "", call.raw->job_id ? call.raw->job_id : "",
                      fields_of(batch)};
        const SendResult sent = send_payload(params_.url, build_payload(params_, summary), policy_for(params_));
        const std::string what = std::string(service_name(params_.service)) + " notification for rule '" +
                                 summary.rule + "' (" + std::to_string(batch.size()) + " torrent(s))";
        // The audit (ABI 1.3) names the service, where it went (scheme, host and port only:
        // a webhook's path and query hold its token) and how it answered.
        const std::string answer = " (" + (sent.last_status ? "HTTP " + std::to_string(sent.last_status) : "no answer") +
                                   ", " + std::to_string(sent.attempts) + " attempt(s))";
        if (!sent.ok) {  // the whole batch failed; the message never holds the URL
            note(call, std::string(service_name(params_.service)) + " notification to " + url_origin(params_.url) +
                           " not delivered" + answer);
            throw sdk::Error(QBT_E_IO, what + " not delivered after " + std::to_string(sent.attempts) +
                                           " attempt(s): " + sent.problem);
        }
        note(call, "sent " + std::string(service_name(params_.service)) + " notification to " + url_origin(params_.url) + answer);
        call.host.info("sent " + what + (sent.attempts > 1 ? " after " + std::to_string(sent.attempts) + " attempts" : ""));
    }

    std::string effect(const sdk::Torrent&) const { return "{}"; }

private:
    // For every torrent of the call; an older host keeps only the log line.
    static void note(const sdk::Call& call, const std::string& text) {
        try {
            call.audit_note_all(text);
        } catch (const sdk::Error& e) {
            call.host.warn("audit note not recorded: " + std::string(e.what()));
        }
    }

    NotifyParams params_;
};

}  // namespace

extern const qbt_action notify_action = sdk::make_action<Notify>(
    "notify", nullptr, 0,
    "Post one message per rule per job to Discord, Slack, ntfy or a JSON webhook "
    "(params: service, url, template, line, title, timeout, retries)");

}  // namespace qbt::notify
