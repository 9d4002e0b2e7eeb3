// set_location: moves the torrents' data to another save path through the host's guarded
// move_torrents (ABI 1.2): a torrent sharing a file with another torrent is not moved.
// `location` may hold {category}, {tags} (comma-joined) and {name}.
#include "actions.hpp"
#include "effect_json.hpp"
#include "params.hpp"

#include <qbt/cpp/action.hpp>

#include <span>
#include <string>
#include <vector>

#include <filesystem>

namespace qbt::core_actions {

namespace {

struct Piece {
    enum class Kind { Text, Category, Tags, Name };
    Kind kind = Kind::Text;
    std::string text;
};

std::vector<Piece> parse_location(const Params& p, const std::string& location) {
    std::vector<Piece> pieces;
    size_t i = 0;
    while (i < location.size()) {
        const size_t open = location.find('{', i);
        if (open == std::string::npos) {
            pieces.push_back({Piece::Kind::Text, location.substr(i)});
            break;
        }
        if (open > i) pieces.push_back({Piece::Kind::Text, location.substr(i, open - i)});
        const size_t close = location.find('}', open);
        const std::string name = close == std::string::npos ? "" : location.substr(open + 1, close - open - 1);
        if (name == "category") pieces.push_back({Piece::Kind::Category, ""});
        else if (name == "tags") pieces.push_back({Piece::Kind::Tags, ""});
        else if (name == "name") pieces.push_back({Piece::Kind::Name, ""});
        else p.fail("location", "has '" + location.substr(open, close == std::string::npos ? 1 : close - open + 1) +
                                    "': the placeholders are {category}, {tags} and {name}");
        i = close + 1;
    }
    return pieces;
}

std::string text_of(sdk::ValueView value) { return value.is_string() ? std::string(value.as_string()) : ""; }

std::string joined_tags(std::string_view text) {  // qBittorrent's "a, b" -> "a,b"
    std::string out;
    for (char c : text)
        if (!(c == ' ' && !out.empty() && out.back() == ',')) out += c;
    return out;
}

struct SetLocation {
    explicit SetLocation(sdk::ValueView params) {
        Params p(params, "set_location", {"location"});
        auto location = p.string("location");
        if (!location || location->empty()) p.fail("location", "is required (a save path as qBittorrent sees it)");
        pieces_ = parse_location(p, *location);
    }

    // The torrent's target save path; "" when the placeholders give no usable path.
    std::string target(const sdk::Torrent& t) const {
        std::string path;
        for (const Piece& piece : pieces_) {
            switch (piece.kind) {
                case Piece::Kind::Text: path += piece.text; break;
                case Piece::Kind::Category: path += text_of(t.info.get("category")); break;
                case Piece::Kind::Tags: path += joined_tags(text_of(t.info.get("tags"))); break;
                case Piece::Kind::Name: path += text_of(t.info.get("name")); break;
            }
        }
        std::string collapsed;  // "/data//x" (an empty category) -> "/data/x"
        for (char c : path)
            if (!(c == '/' && !collapsed.empty() && collapsed.back() == '/')) collapsed += c;
        for (const auto& part : std::filesystem::path(collapsed))
            if (part == "..") return "";  // a name must not lead out of the folder
        return collapsed;
    }

    bool is_satisfied(const sdk::Torrent& t) const {
        const std::string want = target(t);
        std::string have = text_of(t.info.get("save_path"));
        auto trim = [](std::string s) {
            while (s.size() > 1 && s.back() == '/') s.pop_back();
            return s;
        };
        return !want.empty() && trim(have) == trim(want);
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch, std::span<int32_t> results) const {
        std::vector<std::string> locations;
        for (const qbt_torrent& t : batch) locations.push_back(target(sdk::Torrent(&t)));
        call.move_torrents(batch, locations, results);
        for (size_t i = 0; i < batch.size(); ++i)
            if (locations[i].empty() && results[i] != QBT_OK)
                call.host.warn("set_location: torrent " + std::string(sdk::Torrent(&batch[i]).hash()) +
                               ": its placeholders give no usable path");
    }

    std::string effect(const sdk::Torrent& t) const { return EffectJson().set("save_path", target(t)).str(); }

private:
    std::vector<Piece> pieces_;
};

}  // namespace

const qbt_action set_location_action = sdk::make_action<SetLocation>(
    "set_location", nullptr, QBT_ACTION_PLANS_IN_DRY_RUN,
    "Move the torrents' data to another save path (location, with {category}, {tags}, {name}); a torrent "
    "sharing files with another torrent is not moved.");

}  // namespace qbt::core_actions
