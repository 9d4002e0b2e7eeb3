// Reading a torrent's run state, and naming the state an action leaves it in.
//
// State names: 4.x pausedUP/pausedDL, 5.x (Web API >= 2.11.0) stoppedUP/stoppedDL;
// the others are shared. error, missingFiles, moving and checkingResumeData take
// precedence over paused/running in qBittorrent's own state computation, so a stop or
// start does not visibly change them: those torrents are never "already in effect"
// (the call is sent, it is harmless) and effects leave their state as it is.
#pragma once

#include <qbt/cpp/action.hpp>

#include <string>
#include <string_view>

namespace qbt::core_actions {

std::string_view state_of(const sdk::Torrent& t);
bool is_stopped_state(std::string_view state);   // paused* / stopped*
bool is_running_state(std::string_view state);   // surely started (incl. forced and queued)
bool is_sticky_state(std::string_view state);    // error, missingFiles, moving, checkingResumeData
bool is_complete(const sdk::Torrent& t);         // progress == 1 -> the "UP" variants

// Web API 2.11.0 (qBittorrent 5.0) renamed pause/resume to stop/start.
bool has_stop_start_api(const qbt_api_version& v);
bool api_at_least(const qbt_api_version& v, int major, int minor, int patch);

// Remembers the last Web API version seen by any execute() in this process, so
// effect() (which gets no client) can name states the way this server does.
void remember_api_version(const qbt_api_version& v);
// "stoppedUP" style names? Decided from the torrent's own state when it tells
// (paused* / stopped*), else from the remembered version; 4.x names when unknown.
bool uses_stopped_names(const sdk::Torrent& t);

// The state a stop leaves the torrent in: pausedUP/pausedDL or stoppedUP/stoppedDL.
std::string stopped_state_for(const sdk::Torrent& t);

}  // namespace qbt::core_actions
