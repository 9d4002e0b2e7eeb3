// A notify message: placeholders filled from the rule's batch of torrents, and the
// request body each service expects.
//
// Placeholders: {count} {rule} {job_id} {names} (names joined with ", ") {torrents} (one
// `line` per torrent, joined with newlines), and per torrent {name} {hash} {ratio} {tags}
// {category} {size}. A message template that itself uses per-torrent placeholders is
// rendered once per torrent and the lines joined. Lists stop after kMaxListed torrents
// ("... and N more"), and each service's length limit is respected.
#pragma once

#include "notify_params.hpp"

#include <qbt/cpp/action.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace qbt::notify {

inline constexpr size_t kMaxListed = 50;
inline constexpr size_t kMaxWebhookTorrents = 1000;  // the webhook's torrents array

struct TorrentFields {
    std::string hash;
    std::string name;
    double ratio = 0;
    std::string tags;
    std::string category;
    int64_t size = 0;
};

std::vector<TorrentFields> fields_of(sdk::TorrentBatch batch);

// The first placeholder name in `text` that is not known, or "".
std::string unknown_placeholder(const std::string& text);
std::string known_placeholders();

struct Batch {
    std::string rule;
    std::string job_id;
    std::vector<TorrentFields> torrents;
};

struct Payload {
    std::string body;
    std::string content_type;
    std::string title;  // ntfy only ("" otherwise)
};

std::string render_message(const NotifyParams& params, const Batch& batch);
Payload build_payload(const NotifyParams& params, const Batch& batch);

// "1.5 GiB"
std::string human_size(int64_t bytes);

}  // namespace qbt::notify
