#include "engine/protection.hpp"

#include <rapidjson/document.h>

#include <string_view>

namespace qbt::engine {

bool arms_later_removal(const rules::Action& action) {
    if (action.type != "set_share_limits") return false;
    rapidjson::Document params;
    params.Parse(action.params_json.c_str(), action.params_json.size());
    if (!params.IsObject()) return false;
    auto it = params.FindMember("action");
    if (it == params.MemberEnd() || !it->value.IsString()) return false;
    const std::string_view word(it->value.GetString(), it->value.GetStringLength());
    return word == "remove" || word == "remove_with_content";
}

Protection::Protection(const rules::Group* protect, std::string instance, TorrentStore& torrents,
                       FieldMatcher& matcher, DataCache& cache)
    : instance_(std::move(instance)), torrents_(torrents), matcher_(matcher), cache_(cache) {
    if (protect) plan_ = make_plan(*protect);
}

std::vector<std::string> Protection::reasons(const std::vector<size_t>& torrents) {
    std::vector<std::string> out(torrents.size());
    if (!plan_) return out;
    std::vector<size_t> pending(torrents.size());
    for (size_t i = 0; i < pending.size(); ++i) pending[i] = i;
    while (!pending.empty()) {
        std::vector<size_t> undecided;
        std::vector<FetchNeed> needs;
        for (size_t i : pending) {
            const Outcome o = evaluate(*plan_, matcher_, torrents[i]);
            if (o.truth == Truth::True) {
                out[i] = "matched by protect";
            } else if (o.truth == Truth::Unknown && o.need != 0) {
                undecided.push_back(i);
                needs.push_back({torrents[i], lowest_space(o.need)});
            } else if (o.truth == Truth::Unknown) {
                // Undecidable: a destructive action must not guess that it is unprotected.
                out[i] = "protect could not be decided (data missing); protected to be safe";
            }
        }
        if (needs.empty()) break;
        // A failed fetch makes its conditions undecidable in the next round (above).
        cache_.fetch(needs);
        pending = std::move(undecided);
    }
    matcher_.take_errors();  // an operator error decided nothing here; it is not the next rule's
    return out;
}

std::string Protection::reason(const std::string& instance, const std::string& hash) {
    if (!plan_) return {};
    if (instance != instance_)
        return "on instance '" + instance + "', whose torrents this job's protect section cannot read; protected to be safe";
    const std::optional<size_t> index = torrents_.find(hash);
    if (!index) return "not in this job's torrents; protected to be safe";
    return reasons({*index}).front();
}

}  // namespace qbt::engine
