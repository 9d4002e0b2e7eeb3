// qBittorrent tag lists: parsing its "a, b" text, validating rule tags, and writing
// tags back in qBittorrent's order (the host puts effects into the running instance's own
// order, qbt/cpp/tag_order.hpp, so the natural order here is only a default).
#pragma once

#include "params.hpp"

#include <qbt/cpp/tag_order.hpp>
#include <qbt/cpp/value_view.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace qbt::core_actions {

// Tags of info.tags: qBittorrent's "a, b" text (or a list of strings, if the host
// already split it). Empty text -> no tags.
std::vector<std::string> tags_of(sdk::ValueView info_tags);

using sdk::format_tags;

// The `tags` param: trimmed (qBittorrent trims), non-empty, no commas, no duplicates.
// `allow_empty_list` is for set_tags (an empty list clears all tags).
std::vector<std::string> tags_param(const Params& params, bool allow_empty_list);

bool contains_tag(const std::vector<std::string>& tags, std::string_view tag);

}  // namespace qbt::core_actions
