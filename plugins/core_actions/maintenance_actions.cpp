// recheck and reannounce: never "already in effect".
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"
#include "torrent_state.hpp"

namespace qbt::core_actions {

namespace {

struct Recheck {
    explicit Recheck(sdk::ValueView params) { Params(params, "recheck", {}); }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "recheck", batch, results, "torrents/recheck", {});
    }

    // qBittorrent shows checkingUP for a torrent that was complete, else checkingDL.
    std::string effect(const sdk::Torrent& t) const {
        EffectJson out;
        if (!is_sticky_state(state_of(t))) out.set("state", is_complete(t) ? "checkingUP" : "checkingDL");
        return out.str();
    }
};

struct Reannounce {
    explicit Reannounce(sdk::ValueView params) { Params(params, "reannounce", {}); }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "reannounce", batch, results, "torrents/reannounce", {});
    }

    std::string effect(const sdk::Torrent&) const { return "{}"; }  // no info field changes
};

}  // namespace

const qbt_action recheck_action =
    sdk::make_action<Recheck>("recheck", nullptr, 0, "Re-check the torrents' data.");
const qbt_action reannounce_action =
    sdk::make_action<Reannounce>("reannounce", nullptr, 0, "Re-announce the torrents to their trackers.");

}  // namespace qbt::core_actions
