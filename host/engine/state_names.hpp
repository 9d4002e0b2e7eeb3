// qBittorrent 5.0 (Web API 2.11.0) renamed the stopped states: pausedUP -> stoppedUP and
// pausedDL -> stoppedDL (same meaning). Rules written for either version match the same
// torrents on both (field_matcher.cpp), and the job's model spells states like the running
// qBittorrent (effect_spelling.cpp).
#pragma once

#include "webapi/web_api.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace qbt::engine {

// The other version's name of the same state ("pausedUP" <-> "stoppedUP"), if it has one.
std::optional<std::string_view> other_state_name(std::string_view state);

// `state` as a server of Web API `version` spells it.
std::string state_name_for(std::string_view state, const webapi::ApiVersion& version);

}  // namespace qbt::engine
