// The data spaces a rule field can read ("info.ratio" -> Space::Info) and what each costs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace qbt::engine {

// Ordered by fetch cost: info comes with the job's one torrents/info call; transfer/app/
// server state are one call per job; properties one small call per torrent; trackers/
// files/peers/webseeds one larger per-torrent call each; disk (info.cross_seeds,
// info.hardlinks) needs the job's file-usage index: every torrent's file list and a stat
// per file, the costliest, so only torrents still candidates after the rest reach it.
// ServerState and Disk have no name of their own in rules: see field_space().
enum class Space : uint8_t { Info, Properties, Transfer, App, ServerState, Trackers, Files, Peers, Webseeds, Disk };
inline constexpr int kSpaceCount = 10;

// One bit per space except Info (always present). A lower bit is a cheaper space, so
// "the cheapest missing space" is the lowest set bit.
using SpaceMask = uint32_t;
inline constexpr SpaceMask space_bit(Space s) {
    return s == Space::Info ? 0u : (1u << (static_cast<unsigned>(s) - 1));
}
Space lowest_space(SpaceMask mask);  // mask != 0

std::optional<Space> parse_space(std::string_view name);  // the names rules use
// The space a field is read from: its named space, except the computed fields
// app.free_space (sync/maindata's server_state) and info.cross_seeds / info.hardlinks (disk).
std::optional<Space> field_space(std::string_view space, std::string_view key);
const char* space_name(Space s);
bool is_collection(Space s);   // trackers files peers webseeds
bool is_per_torrent(Space s);  // properties, the collections, disk
int space_cost(Space s);       // for ordering conditions; higher = more expensive

}  // namespace qbt::engine
