#include "params.hpp"

#include <algorithm>
#include <cctype>

namespace qbt::core_actions {

namespace {
std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
// Text of a string or number (YAML `tags: [2024]` means the tag "2024").
std::optional<std::string> scalar_text(sdk::ValueView v) {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_number()) return v.to_text();
    return std::nullopt;
}
}  // namespace

Params::Params(sdk::ValueView params, std::string action,
               std::initializer_list<std::string_view> allowed)
    : params_(params), action_(std::move(action)) {
    if (params.missing() || params.is_null()) {
        params_ = sdk::ValueView();
        return;
    }
    if (!params.is_object())
        throw sdk::Error(QBT_E_INVALID, action_ + ": params must be a mapping of name: value, got " +
                                            describe(params));
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string_view key = params.key_at(i);
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string valid;
        for (auto name : allowed) valid += (valid.empty() ? "" : ", ") + std::string(name);
        throw sdk::Error(QBT_E_INVALID,
                         action_ + ": unknown param '" + std::string(key) + "' (" +
                             (valid.empty() ? "this action takes no params"
                                            : "valid params: " + valid) +
                             ")");
    }
}

void Params::fail(std::string_view name, const std::string& what) const {
    throw sdk::Error(QBT_E_INVALID, action_ + ": param '" + std::string(name) + "' " + what);
}

std::string Params::describe(sdk::ValueView value) {
    if (value.is_string()) return "\"" + std::string(value.as_string()) + "\"";
    if (value.is_array()) return "a list";
    if (value.is_object()) return "a mapping";
    return value.to_text();
}

std::optional<bool> Params::boolean(std::string_view name) const {
    const sdk::ValueView v = get(name);
    if (v.missing()) return std::nullopt;
    if (v.is_bool()) return v.as_bool();
    if (v.is_string()) {
        const std::string text = lower(v.as_string());
        if (text == "true" || text == "yes" || text == "on") return true;
        if (text == "false" || text == "no" || text == "off") return false;
    }
    fail(name, "must be true or false, got " + describe(v));
}

std::optional<std::string> Params::string(std::string_view name) const {
    const sdk::ValueView v = get(name);
    if (v.missing()) return std::nullopt;
    auto text = scalar_text(v);
    if (!text) fail(name, "must be a string, got " + describe(v));
    return text;
}

std::optional<std::vector<std::string>> Params::string_list(std::string_view name) const {
    const sdk::ValueView v = get(name);
    if (v.missing()) return std::nullopt;
    if (auto text = scalar_text(v)) return std::vector<std::string>{*text};
    if (!v.is_array()) fail(name, "must be a list of strings or one string, got " + describe(v));
    std::vector<std::string> out;
    for (size_t i = 0; i < v.size(); ++i) {
        const sdk::ValueView item = v.item(i);
        auto text = scalar_text(item);
        if (!text)
            fail(name, "item " + std::to_string(i + 1) + " must be a string, got " + describe(item));
        out.push_back(std::move(*text));
    }
    return out;
}

}  // namespace qbt::core_actions
