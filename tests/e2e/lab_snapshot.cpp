#include "lab_snapshot.hpp"

#include "e2e_support.hpp"

#include <sstream>

namespace qbt::e2e {

bool TorrentState::paused() const {
    return state == "pausedUP" || state == "pausedDL" || state == "stoppedUP" || state == "stoppedDL";
}

Snapshot snapshot(testing::QbtLab& lab, const std::string& hashes) {
    const std::string body = lab.get(hashes.empty() ? "torrents/info" : "torrents/info?hashes=" + hashes);
    rapidjson::Document doc = parse(body);
    Snapshot out;
    if (!doc.IsArray()) return out;
    for (const auto& t : doc.GetArray()) {
        TorrentState s;
        s.name = t["name"].GetString();
        for (const auto& tag : split_tags(t["tags"].GetString())) s.tags.insert(tag);
        s.category = t["category"].GetString();
        s.up_limit = t["up_limit"].GetInt64();
        s.state = t["state"].GetString();
        out[t["hash"].GetString()] = s;
    }
    return out;
}

std::string differences(const Snapshot& before, const Snapshot& after) {
    std::ostringstream out;
    auto describe = [](const TorrentState& s) {
        std::ostringstream d;
        d << "tags={";
        for (const auto& tag : s.tags) d << tag << ",";
        d << "} category='" << s.category << "' up_limit=" << s.up_limit << " state=" << s.state;
        return d.str();
    };
    for (const auto& [hash, state] : before) {
        auto it = after.find(hash);
        if (it == after.end()) out << state.name << ": gone\n";
        else if (!state.same_as(it->second))
            out << state.name << ": " << describe(state) << " -> " << describe(it->second) << "\n";
    }
    for (const auto& [hash, state] : after)
        if (!before.count(hash)) out << state.name << ": new\n";
    return out.str();
}

}  // namespace qbt::e2e
