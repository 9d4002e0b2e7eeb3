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
        if (!sent.ok)  // the whole batch failed; the message never holds the URL
            throw sdk::Error(QBT_E_IO, what + " not delivered after " + std::to_string(sent.attempts) +
                                           " attempt(s): " + sent.problem);
        call.host.info("sent " + what + (sent.attempts > 1 ? " after " + std::to_string(sent.attempts) + " attempts" : ""));
    }

    std::string effect(const sdk::Torrent&) const { return "{}"; }

private:
    NotifyParams params_;
};

}  // namespace

extern const qbt_action notify_action = sdk::make_action<Notify>(
    "notify", nullptr, 0,
    "Post one message per rule per job to Discord, Slack, ntfy or a JSON webhook "
    "(params: service, url, template, line, title, timeout, retries)");

}  // namespace qbt::notify
