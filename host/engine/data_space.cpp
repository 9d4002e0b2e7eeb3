#include "engine/data_space.hpp"

#include <bit>

namespace qbt::engine {

namespace {
constexpr const char* kNames[kSpaceCount] = {"info",     "properties", "transfer", "app",
                                             "trackers", "files",      "peers",    "webseeds"};
}

Space lowest_space(SpaceMask mask) {
    return static_cast<Space>(std::countr_zero(mask) + 1);
}

std::optional<Space> parse_space(std::string_view name) {
    for (int i = 0; i < kSpaceCount; ++i)
        if (name == kNames[i]) return static_cast<Space>(i);
    return std::nullopt;
}

const char* space_name(Space s) { return kNames[static_cast<int>(s)]; }

bool is_collection(Space s) { return s >= Space::Trackers; }

bool is_per_torrent(Space s) { return s != Space::Info && s != Space::Transfer && s != Space::App; }

int space_cost(Space s) {
    switch (s) {
        case Space::Info: return 0;
        case Space::Properties:
        case Space::Transfer:
        case Space::App: return 1;
        default: return 2;
    }
}

}  // namespace qbt::engine
