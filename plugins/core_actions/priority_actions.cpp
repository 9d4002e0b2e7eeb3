// increase_priority, decrease_priority, set_top_priority, set_bottom_priority: move the
// torrents in qBittorrent's queue. Never "already in effect" (a move is relative, and the
// queue shifts under other torrents); effect() changes no field: the new queue position
// depends on every other torrent, so it is not guessed.
// qBittorrent answers 409 to these calls while queueing is disabled; that fails the chunk
// with the status in the log.
#include "actions.hpp"
#include "batch_call.hpp"
#include "params.hpp"

namespace qbt::core_actions {

namespace {

template <const char* Name, const char* Endpoint>
struct PriorityMove {
    explicit PriorityMove(sdk::ValueView params) { Params(params, Name, {}); }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, Name, batch, results, Endpoint, {});
    }

    std::string effect(const sdk::Torrent&) const { return "{}"; }
};

constexpr char kIncrease[] = "increase_priority";
constexpr char kDecrease[] = "decrease_priority";
constexpr char kTop[] = "set_top_priority";
constexpr char kBottom[] = "set_bottom_priority";
constexpr char kIncreaseEndpoint[] = "torrents/increasePrio";
constexpr char kDecreaseEndpoint[] = "torrents/decreasePrio";
constexpr char kTopEndpoint[] = "torrents/topPrio";
constexpr char kBottomEndpoint[] = "torrents/bottomPrio";

}  // namespace

const qbt_action increase_priority_action = sdk::make_action<PriorityMove<kIncrease, kIncreaseEndpoint>>(
    kIncrease, nullptr, 0, "Move the torrents one place up in the queue (needs queueing enabled).");
const qbt_action decrease_priority_action = sdk::make_action<PriorityMove<kDecrease, kDecreaseEndpoint>>(
    kDecrease, nullptr, 0, "Move the torrents one place down in the queue (needs queueing enabled).");
const qbt_action set_top_priority_action = sdk::make_action<PriorityMove<kTop, kTopEndpoint>>(
    kTop, nullptr, 0, "Move the torrents to the top of the queue (needs queueing enabled).");
const qbt_action set_bottom_priority_action = sdk::make_action<PriorityMove<kBottom, kBottomEndpoint>>(
    kBottom, nullptr, 0, "Move the torrents to the bottom of the queue (needs queueing enabled).");

}  // namespace qbt::core_actions
