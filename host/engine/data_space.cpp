#include "engine/data_space.hpp"

#include <bit>

namespace qbt::engine {

namespace {
constexpr const char* kNames[kSpaceCount] = {"info",     "properties", "transfer", "app",      "server_state",
                                             "trackers", "files",      "peers",    "webseeds", "disk"};
}

Space lowest_space(SpaceMask mask) {
    return static_cast<Space>(std::countr_zero(mask) + 1);
}

std::optional<Space> parse_space(std::string_view name) {
    for (int i = 0; i < kSpaceCount; ++i) {
        const auto space = static_cast<Space>(i);
        if (space == Space::ServerState || space == Space::Disk) continue;  // not written in rules
        if (name == kNames[i]) return space;
    }
    return std::nullopt;
}

std::optional<Space> field_space(std::string_view space, std::string_view key) {
    if (space == "app" && key == "free_space") return Space::ServerState;
    if (space == "info" && (key == "cross_seeds" || key == "hardlinks")) return Space::Disk;
    return parse_space(space);
}

const char* space_name(Space s) { return kNames[static_cast<int>(s)]; }

bool is_collection(Space s) { return s >= Space::Trackers && s <= Space::Webseeds; }

bool is_per_torrent(Space s) {
    return s != Space::Info && s != Space::Transfer && s != Space::App && s != Space::ServerState;
}

int space_cost(Space s) {
    switch (s) {
        case Space::Info: return 0;
        case Space::Properties:
        case Space::Transfer:
        case Space::App:
        case Space::ServerState: return 1;
        case Space::Disk: return 3;
        default: return 2;
    }
}

}  // namespace qbt::engine
