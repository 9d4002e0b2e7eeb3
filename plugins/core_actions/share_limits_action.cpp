// set_share_limits: torrents/setShareLimits, sending each field only where the
// server's Web API knows it (checked in qBittorrent's torrentscontroller.cpp history):
//   ratioLimit, seedingTimeLimit      always (required since before 4.5.2, Web API 2.8.19)
//   inactiveSeedingTimeLimit          Web API >= 2.9.2  (qBittorrent 4.6; required there)
//   shareLimitAction                  Web API >= 2.12.0 (qBittorrent 5.2; required there)
//   shareLimitsMode=Default           Web API >= 2.15.3 (required there; not a rule param)
// Params not given are sent as -2 / "Default": "use the global setting".
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"
#include "torrent_state.hpp"

#include <qbt/cpp/units.hpp>

#include <charconv>
#include <cmath>
#include <optional>

namespace qbt::core_actions {

namespace {

constexpr int64_t kUseGlobal = -2;
constexpr double kMaxRatio = 9999;          // qBittorrent clamps above this
constexpr int64_t kMaxMinutes = 525600;     // one year, likewise

std::string number_text(double value) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(value);
}

double ratio_param(const Params& p) {
    const sdk::ValueView v = p.get("ratio");
    if (v.missing()) return kUseGlobal;
    if (!v.is_number()) p.fail("ratio", "must be a number (-2 = global, -1 = no limit, or >= 0), got " + Params::describe(v));
    const double r = v.as_number();
    if (!(r == -2 || r == -1 || (r >= 0 && r <= kMaxRatio)))
        p.fail("ratio", "must be -2 (global), -1 (no limit) or between 0 and 9999, got " + Params::describe(v));
    return r;
}

// Minutes as a number, or a duration text ("7 days", "12h") converted to minutes.
int64_t minutes_param(const Params& p, std::string_view name) {
    const sdk::ValueView v = p.get(name);
    if (v.missing()) return kUseGlobal;
    double minutes = 0;
    if (v.is_number()) {
        minutes = v.as_number();
    } else if (v.is_string()) {
        auto seconds = sdk::parse_duration(v.as_string());
        if (!seconds) p.fail(name, "\"" + std::string(v.as_string()) + "\" is not a duration (minutes, or e.g. \"7 days\")");
        minutes = *seconds / 60.0;
    } else {
        p.fail(name, "must be minutes (-2 = global, -1 = no limit, or >= 0) or a duration, got " + Params::describe(v));
    }
    const double rounded = std::round(minutes);
    if (!(rounded == -2 || rounded == -1 || (rounded >= 0 && rounded <= kMaxMinutes)))
        p.fail(name, "must be -2 (global), -1 (no limit) or between 0 and 525600 minutes, got " + Params::describe(v));
    return static_cast<int64_t>(rounded);
}

// Rule word -> qBittorrent's ShareLimitAction enum name.
std::string action_param(const Params& p) {
    auto word = p.string("action");
    if (!word) return "Default";
    if (*word == "stop") return "Stop";
    if (*word == "remove") return "Remove";
    if (*word == "remove_with_content") return "RemoveWithContent";
    if (*word == "super_seeding") return "EnableSuperSeeding";
    if (*word == "default") return "Default";
    p.fail("action", "must be one of stop, remove, remove_with_content, super_seeding, default; got \"" + *word + "\"");
}

struct SetShareLimits {
    explicit SetShareLimits(sdk::ValueView params) {
        Params p(params, "set_share_limits", {"ratio", "seeding_time", "inactive_seeding_time", "action"});
        ratio_ = ratio_param(p);
        seeding_minutes_ = minutes_param(p, "seeding_time");
        inactive_minutes_ = minutes_param(p, "inactive_seeding_time");
        action_ = action_param(p);
        inactive_given_ = p.has("inactive_seeding_time");
        action_given_ = p.has("action");
    }

    // Fields the server does not report (older versions) cannot differ: ignored.
    bool is_satisfied(const sdk::Torrent& t) const {
        const sdk::ValueView ratio = t.info.get("ratio_limit");
        const sdk::ValueView seeding = t.info.get("seeding_time_limit");
        if (!ratio.is_number() || std::fabs(ratio.as_number() - ratio_) > 1e-6) return false;
        if (!seeding.is_number() || std::llround(seeding.as_number()) != seeding_minutes_) return false;
        const sdk::ValueView inactive = t.info.get("inactive_seeding_time_limit");
        if (inactive.is_number() && std::llround(inactive.as_number()) != inactive_minutes_) return false;
        const sdk::ValueView action = t.info.get("share_limit_action");
        if (action.is_string() && action.as_string() != action_) return false;
        return true;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        const qbt_api_version v = call.api_version();
        remember_api_version(v);
        const std::string version = std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
                                    std::to_string(v.patch);
        std::string form = "ratioLimit=" + number_text(ratio_) +
                           "&seedingTimeLimit=" + std::to_string(seeding_minutes_);
        if (api_at_least(v, 2, 9, 2)) {
            form += "&inactiveSeedingTimeLimit=" + std::to_string(inactive_minutes_);
        } else if (inactive_given_) {
            call.host.warn("set_share_limits: 'inactive_seeding_time' needs qBittorrent 4.6 (Web API 2.9.2); "
                           "this server has Web API " + version + ", ignored");
        }
        if (api_at_least(v, 2, 12, 0)) {
            form += "&shareLimitAction=" + action_;
        } else if (action_given_) {
            call.host.warn("set_share_limits: 'action' needs qBittorrent 5.2 (Web API 2.12.0); "
                           "this server has Web API " + version + ", ignored");
        }
        if (api_at_least(v, 2, 15, 3)) form += "&shareLimitsMode=Default";
        post_chunked(call, "set_share_limits", batch, results, "torrents/setShareLimits", form);
    }

    std::string effect(const sdk::Torrent& t) const {
        EffectJson out;
        out.set("ratio_limit", ratio_).set("seeding_time_limit", seeding_minutes_);
        if (!t.info.get("inactive_seeding_time_limit").missing())
            out.set("inactive_seeding_time_limit", inactive_minutes_);
        if (!t.info.get("share_limit_action").missing()) out.set("share_limit_action", action_);
        return out.str();
    }

private:
    double ratio_ = kUseGlobal;
    int64_t seeding_minutes_ = kUseGlobal;
    int64_t inactive_minutes_ = kUseGlobal;
    std::string action_ = "Default";
    bool inactive_given_ = false;
    bool action_given_ = false;
};

}  // namespace

const qbt_action set_share_limits_action = sdk::make_action<SetShareLimits>(
    "set_share_limits", nullptr, 0,
    "Set ratio / seeding time / inactive seeding time limits and the action at the limit.");

}  // namespace qbt::core_actions
