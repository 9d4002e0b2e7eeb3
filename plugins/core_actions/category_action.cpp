// set_category: torrents/setCategory; a category that does not exist yet is created.
#include "actions.hpp"
#include "batch_call.hpp"
#include "effect_json.hpp"
#include "params.hpp"

namespace qbt::core_actions {

namespace {

// qBittorrent's rule (Session::isValidCategoryName): no backslash, no leading or
// trailing '/', no empty path component ("a//b").
bool valid_category(std::string_view name) {
    if (name.find('\\') != std::string_view::npos) return false;
    if (name.front() == '/' || name.back() == '/') return false;
    return name.find("//") == std::string_view::npos;
}

struct SetCategory {
    explicit SetCategory(sdk::ValueView params) {
        Params p(params, "set_category", {"category"});
        auto category = p.string("category");
        if (!category) p.fail("category", "is required (use \"\" to clear the category)");
        if (!category->empty() && !valid_category(*category))
            p.fail("category", "\"" + *category +
                                   "\" is not a valid qBittorrent category (no '\\', no leading, "
                                   "trailing or doubled '/')");
        category_ = std::move(*category);
    }

    bool is_satisfied(const sdk::Torrent& t) const {
        const sdk::ValueView current = t.info.get("category");
        return current.is_string() && current.as_string() == category_;
    }

    // setCategory answers 409 when the category does not exist: then create it
    // (409 there means it exists now, fine) and send the chunk once more. This costs
    // one call per chunk in the usual case instead of a create before every batch.
    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        const std::string value = "category=" + url_encode(category_);
        bool created = false;
        run_chunked(call, "set_category", batch, results, [&](sdk::TorrentBatch chunk) {
            const std::string form = hashes_field(chunk) + "&" + value;
            const auto first = post_form_allowing(call, "torrents/setCategory", form, 409);
            if (first.status != 409) return;
            if (category_.empty() || created)
                throw HttpFailure(409, "torrents/setCategory answered HTTP 409: " + first.body);
            const auto create =
                post_form_allowing(call, "torrents/createCategory", value + "&savePath=", 409);
            created = true;
            if (create.status != 409)
                call.host.info("set_category: created category \"" + category_ + "\"");
            post_form(call, "torrents/setCategory", form);
        });
    }

    std::string effect(const sdk::Torrent&) const { return EffectJson().set("category", category_).str(); }

private:
    std::string category_;
};

}  // namespace

const qbt_action set_category_action = sdk::make_action<SetCategory>(
    "set_category", nullptr, 0, "Set the category (\"\" clears it; a missing category is created).");

}  // namespace qbt::core_actions
