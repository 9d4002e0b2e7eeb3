// What later rules of a job see after an action should read like the running qBittorrent's
// own answer, whatever the action plugin wrote: a `state` in the server's spelling (4.x
// pausedUP, 5.x stoppedUP) and `tags` in the order the server lists them
// (qbt/cpp/tag_order.hpp). The order is taken from the job's own torrents/info answer when
// some torrent's tags show it (two tags the orders put differently), else from the version:
// natural before Web API 2.11 (Qt 5 builds), code point from 2.11 (Qt 6 builds in the C
// locale, as Debian's and the official images run it).
#pragma once

#include "engine/torrent_store.hpp"
#include "webapi/web_api.hpp"

#include <qbt/cpp/tag_order.hpp>

#include <optional>

#include <rapidjson/document.h>

namespace qbt::engine {

// Evidence in listed tag lists: the order of the first adjacent pair the two orders disagree on.
std::optional<sdk::TagOrder> observed_tag_order(const TorrentStore& torrents);

class EffectSpelling {
public:
    EffectSpelling(const TorrentStore& torrents, webapi::WebApi& api) : torrents_(torrents), api_(api) {}

    // Rewrites `fields` (an effect object) in place. Asks the server's Web API version once
    // (cached by the WebApi); when that fails the plugin's spelling stays.
    void apply(rapidjson::Value& fields, rapidjson::Document::AllocatorType& allocator);

private:
    std::optional<webapi::ApiVersion> version();

    const TorrentStore& torrents_;
    webapi::WebApi& api_;
    bool asked_version_ = false;
    std::optional<webapi::ApiVersion> version_;
    std::optional<sdk::TagOrder> tag_order_;
};

}  // namespace qbt::engine
