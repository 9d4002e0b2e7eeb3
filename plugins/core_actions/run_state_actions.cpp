// stop (pause), start (resume), force_start.
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"
#include "torrent_state.hpp"

namespace qbt::core_actions {

namespace {

// stop / pause: torrents/pause on 4.x, torrents/stop on Web API >= 2.11.0.
struct Stop {
    explicit Stop(sdk::ValueView params) { Params(params, "stop", {}); }

    bool is_satisfied(const sdk::Torrent& t) const { return is_stopped_state(state_of(t)); }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        const qbt_api_version v = call.api_version();
        remember_api_version(v);
        post_chunked(call, "stop", batch, results,
                     has_stop_start_api(v) ? "torrents/stop" : "torrents/pause", {});
    }

    std::string effect(const sdk::Torrent& t) const {
        EffectJson out;
        if (!is_sticky_state(state_of(t))) out.set("state", stopped_state_for(t));
        return out.str();
    }
};

// start / resume: torrents/resume on 4.x, torrents/start on Web API >= 2.11.0.
// Only states that surely run count as started (forced and queued ones do); a
// checking torrent may be a paused one being checked, so it gets the call.
struct Start {
    explicit Start(sdk::ValueView params) { Params(params, "start", {}); }

    bool is_satisfied(const sdk::Torrent& t) const { return is_running_state(state_of(t)); }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        const qbt_api_version v = call.api_version();
        remember_api_version(v);
        post_chunked(call, "start", batch, results,
                     has_stop_start_api(v) ? "torrents/start" : "torrents/resume", {});
    }

    // A resumed torrent with no peers on a quiet swarm shows stalledUP/stalledDL (or
    // queued*, when queueing holds it back; we cannot know): stalled is the guess.
    std::string effect(const sdk::Torrent& t) const {
        EffectJson out;
        if (is_stopped_state(state_of(t))) out.set("state", is_complete(t) ? "stalledUP" : "stalledDL");
        return out.str();
    }
};

// force_start: torrents/setForceStart value=true|false. qBittorrent starts the torrent
// either way (forced or auto-managed), which the effect reflects.
struct ForceStart {
    explicit ForceStart(sdk::ValueView params) {
        Params p(params, "force_start", {"value"});
        value_ = p.boolean("value").value_or(true);
    }

    bool is_satisfied(const sdk::Torrent& t) const {
        const sdk::ValueView current = t.info.get("force_start");
        return current.is_bool() && current.as_bool() == value_;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "force_start", batch, results, "torrents/setForceStart",
                     std::string("value=") + (value_ ? "true" : "false"));
    }

    std::string effect(const sdk::Torrent& t) const {
        EffectJson out;
        out.set("force_start", value_);
        const std::string_view state = state_of(t);
        if (!is_sticky_state(state) && !state.starts_with("checking")) {
            const bool up = is_complete(t);
            if (value_) out.set("state", up ? "forcedUP" : "forcedDL");
            else if (state == "forcedUP" || state == "forcedDL" || is_stopped_state(state))
                out.set("state", up ? "stalledUP" : "stalledDL");
        }
        return out.str();
    }

private:
    bool value_ = true;
};

const char* const kStopAliases[] = {"pause", nullptr};
const char* const kStartAliases[] = {"resume", nullptr};

}  // namespace

const qbt_action stop_action = sdk::make_action<Stop>(
    "stop", kStopAliases, 0, "Stop (pause) the torrents; skipped when already paused/stopped.");
const qbt_action start_action = sdk::make_action<Start>(
    "start", kStartAliases, 0, "Start (resume) the torrents; skipped when already running.");
const qbt_action force_start_action = sdk::make_action<ForceStart>(
    "force_start", nullptr, 0, "Set or clear force start (param value, default true).");

}  // namespace qbt::core_actions
