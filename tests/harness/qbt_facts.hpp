// Version-independent facts about qBittorrent for tests: assert behaviour ("stopped"),
// not one version's spelling (4.x pausedUP, 5.x stoppedUP); compare versions by number.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace qbt::testing {

struct LabVersion {
    int major = 0, minor = 0, patch = 0;
    bool at_least(int ma, int mi, int pa = 0) const {
        if (major != ma) return major > ma;
        if (minor != mi) return minor > mi;
        return patch >= pa;
    }
};

// "v5.1.0", "4.5.2", "2.11.4" -> numbers; missing parts are 0. Throws on no digits.
LabVersion parse_lab_version(std::string_view text);

// pausedUP/pausedDL (4.x) and stoppedUP/stoppedDL (5.x).
bool is_stopped_state(std::string_view state);
// True for a torrent that runs: neither stopped nor in error.
bool is_running_state(std::string_view state);
// The 5.x spelling of a state (pausedUP -> stoppedUP, pausedDL -> stoppedDL, others as they
// are), so the states two versions report compare equal.
std::string normalized_state(std::string_view state);

// qBittorrent's "a, b" tags as a set (5.1 and 4.5.2 order them differently).
std::set<std::string> tag_set(std::string_view tags);

}  // namespace qbt::testing
