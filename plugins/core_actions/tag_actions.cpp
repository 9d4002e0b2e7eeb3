// add_tag, remove_tag, set_tags: torrents/addTags and torrents/removeTags (tags=a,b).
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"
#include "tags.hpp"

namespace qbt::core_actions {

namespace {

std::string tags_field(const std::vector<std::string>& tags) {
    std::string joined;
    for (const auto& tag : tags) joined += (joined.empty() ? "" : ",") + tag;
    return "tags=" + url_encode(joined);
}

std::vector<std::string> current_tags(const sdk::Torrent& t) { return tags_of(t.info.get("tags")); }

struct AddTag {
    explicit AddTag(sdk::ValueView params)
        : tags_(tags_param(Params(params, "add_tag", {"tags"}), false)) {}

    bool is_satisfied(const sdk::Torrent& t) const {
        const auto have = current_tags(t);
        for (const auto& tag : tags_)
            if (!contains_tag(have, tag)) return false;
        return true;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "add_tag", batch, results, "torrents/addTags", tags_field(tags_));
    }

    std::string effect(const sdk::Torrent& t) const {
        auto tags = current_tags(t);
        tags.insert(tags.end(), tags_.begin(), tags_.end());
        return EffectJson().set("tags", format_tags(std::move(tags))).str();
    }

private:
    std::vector<std::string> tags_;
};

struct RemoveTag {
    explicit RemoveTag(sdk::ValueView params)
        : tags_(tags_param(Params(params, "remove_tag", {"tags"}), false)) {}

    bool is_satisfied(const sdk::Torrent& t) const {
        for (const auto& tag : current_tags(t))
            if (contains_tag(tags_, tag)) return false;
        return true;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "remove_tag", batch, results, "torrents/removeTags", tags_field(tags_));
    }

    std::string effect(const sdk::Torrent& t) const {
        std::vector<std::string> kept;
        for (auto& tag : current_tags(t))
            if (!contains_tag(tags_, tag)) kept.push_back(std::move(tag));
        return EffectJson().set("tags", format_tags(std::move(kept))).str();
    }

private:
    std::vector<std::string> tags_;
};

// set_tags: the torrent ends with exactly the listed tags (an empty list clears them).
// Per chunk: one removeTags with every unlisted tag any torrent of the chunk has, then
// one addTags with the listed ones. (removeTags never gets an empty list: on qBittorrent
// that would mean "remove all tags".)
struct SetTags {
    explicit SetTags(sdk::ValueView params)
        : tags_(tags_param(Params(params, "set_tags", {"tags"}), true)) {}

    bool is_satisfied(const sdk::Torrent& t) const {
        const auto have = current_tags(t);
        for (const auto& tag : have)
            if (!contains_tag(tags_, tag)) return false;
        for (const auto& tag : tags_)
            if (!contains_tag(have, tag)) return false;
        return true;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        run_chunked(call, "set_tags", batch, results, [&](sdk::TorrentBatch chunk) {
            std::vector<std::string> unlisted;
            for (const auto& raw : chunk)
                for (auto& tag : tags_of(sdk::ValueView(raw.info).get("tags")))
                    if (!contains_tag(tags_, tag) && !contains_tag(unlisted, tag))
                        unlisted.push_back(std::move(tag));
            const std::string hashes = hashes_field(chunk);
            if (!unlisted.empty()) post_form(call, "torrents/removeTags", hashes + "&" + tags_field(unlisted));
            if (!tags_.empty()) post_form(call, "torrents/addTags", hashes + "&" + tags_field(tags_));
        });
    }

    std::string effect(const sdk::Torrent&) const { return EffectJson().set("tags", format_tags(tags_)).str(); }

private:
    std::vector<std::string> tags_;
};

}  // namespace

const qbt_action add_tag_action =
    sdk::make_action<AddTag>("add_tag", nullptr, 0, "Add tags (param tags: list or one string).");
const qbt_action remove_tag_action =
    sdk::make_action<RemoveTag>("remove_tag", nullptr, 0, "Remove tags (param tags: list or one string).");
const qbt_action set_tags_action = sdk::make_action<SetTags>(
    "set_tags", nullptr, 0, "Replace the tags with exactly the listed ones (an empty list clears).");

}  // namespace qbt::core_actions
