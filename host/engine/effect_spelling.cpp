#include "engine/effect_spelling.hpp"

#include "engine/state_names.hpp"

#include <string_view>

namespace qbt::engine {
namespace {

std::string_view text_of(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

}  // namespace

std::optional<sdk::TagOrder> observed_tag_order(const TorrentStore& torrents) {
    using sdk::TagOrder;
    for (size_t t = 0; t < torrents.size(); ++t) {
        const auto& tags = torrents.at(t).tags;
        for (size_t i = 1; i < tags.size(); ++i) {
            const bool natural = sdk::tag_less(tags[i - 1], tags[i], TagOrder::Natural);
            const bool code_point = sdk::tag_less(tags[i - 1], tags[i], TagOrder::CodePoint);
            if (natural != code_point) return natural ? TagOrder::Natural : TagOrder::CodePoint;
        }
    }
    return std::nullopt;
}

std::optional<webapi::ApiVersion> EffectSpelling::version() {
    if (!asked_version_) {
        asked_version_ = true;
        try {
            version_ = api_.api_version();
        } catch (const webapi::WebApiError&) {
            // unreachable now: keep the plugin's spelling (the job reports its own errors)
        }
    }
    return version_;
}

void EffectSpelling::apply(rapidjson::Value& fields, rapidjson::Document::AllocatorType& allocator) {
    if (!fields.IsObject()) return;
    if (auto state = fields.FindMember("state"); state != fields.MemberEnd() && state->value.IsString()) {
        if (other_state_name(text_of(state->value)) && version()) {
            const std::string spelled = state_name_for(text_of(state->value), *version());
            state->value.SetString(spelled.c_str(), static_cast<rapidjson::SizeType>(spelled.size()), allocator);
        }
    }
    auto tags = fields.FindMember("tags");
    if (tags == fields.MemberEnd() || !tags->value.IsString()) return;
    if (!tag_order_) tag_order_ = observed_tag_order(torrents_);
    if (!tag_order_ && version())
        tag_order_ = version()->at_least(2, 11) ? sdk::TagOrder::CodePoint : sdk::TagOrder::Natural;
    if (!tag_order_) return;
    const std::string ordered = sdk::format_tags(split_tags(text_of(tags->value)), *tag_order_);
    tags->value.SetString(ordered.c_str(), static_cast<rapidjson::SizeType>(ordered.size()), allocator);
}

}  // namespace qbt::engine
