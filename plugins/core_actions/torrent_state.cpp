#include "torrent_state.hpp"

#include <array>
#include <atomic>

namespace qbt::core_actions {

namespace {
// 0 = unknown, 1 = 4.x names (paused*), 2 = 5.x names (stopped*).
std::atomic<int> g_naming{0};

bool one_of(std::string_view state, std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (state == n) return true;
    return false;
}
}  // namespace

std::string_view state_of(const sdk::Torrent& t) {
    const sdk::ValueView state = t.info.get("state");
    return state.is_string() ? state.as_string() : std::string_view{};
}

bool is_stopped_state(std::string_view state) {
    return one_of(state, {"pausedUP", "pausedDL", "stoppedUP", "stoppedDL"});
}

bool is_running_state(std::string_view state) {
    return one_of(state, {"uploading", "stalledUP", "queuedUP", "forcedUP", "downloading",
                          "stalledDL", "queuedDL", "forcedDL", "metaDL", "forcedMetaDL",
                          "allocating"});
}

bool is_sticky_state(std::string_view state) {
    return one_of(state, {"error", "missingFiles", "moving", "checkingResumeData"});
}

bool is_complete(const sdk::Torrent& t) {
    const sdk::ValueView progress = t.info.get("progress");
    return progress.is_number() && progress.as_number() >= 1.0;
}

bool api_at_least(const qbt_api_version& v, int major, int minor, int patch) {
    if (v.major != major) return v.major > major;
    if (v.minor != minor) return v.minor > minor;
    return v.patch >= patch;
}

bool has_stop_start_api(const qbt_api_version& v) { return api_at_least(v, 2, 11, 0); }

void remember_api_version(const qbt_api_version& v) {
    g_naming.store(has_stop_start_api(v) ? 2 : 1, std::memory_order_relaxed);
}

bool uses_stopped_names(const sdk::Torrent& t) {
    const std::string_view state = state_of(t);
    if (state.starts_with("stopped")) return true;
    if (state.starts_with("paused")) return false;
    return g_naming.load(std::memory_order_relaxed) == 2;
}

std::string stopped_state_for(const sdk::Torrent& t) {
    return std::string(uses_stopped_names(t) ? "stopped" : "paused") + (is_complete(t) ? "UP" : "DL");
}

}  // namespace qbt::core_actions
