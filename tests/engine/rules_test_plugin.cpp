// A tiny plugin for the rules loader tests: operator "==" and actions "add_tag" and
// "stop" (alias "pause"), with the same kind of param checking as the core plugins.
#include <qbt/cpp/plugin.hpp>

#include <span>
#include <string>

namespace {

using qbt::sdk::Error;
using qbt::sdk::ValueView;

struct Equals {
    explicit Equals(ValueView expected) {
        if (expected.is_array() || expected.is_object()) throw Error(QBT_E_INVALID, "value must be one value");
    }
    bool match(ValueView, const qbt_match_context&) const { return false; }
};

struct AddTag {
    explicit AddTag(ValueView params) {
        for (size_t i = 0; i < params.size(); ++i)
            if (params.key_at(i) != "tags") throw Error(QBT_E_INVALID, "unknown param '" + std::string(params.key_at(i)) + "'");
        ValueView tags = params.get("tags");
        if (tags.missing()) throw Error(QBT_E_INVALID, "missing param 'tags'");
        if (!tags.is_string() && !tags.is_array()) throw Error(QBT_E_INVALID, "param 'tags' must be a list of strings");
    }
    void execute(const qbt::sdk::Call&, std::span<const qbt_torrent>, std::span<int32_t>) const {}
};

struct Stop {
    explicit Stop(ValueView params) {
        if (params.size() != 0) throw Error(QBT_E_INVALID, "takes no params");
    }
    void execute(const qbt::sdk::Call&, std::span<const qbt_torrent>, std::span<int32_t>) const {}
};

const qbt_condition_operator equals = qbt::sdk::make_operator<Equals>("==", 0, "equality (test)");
const qbt_condition_operator* const operators[] = {&equals};
const qbt_condition_operator_factory operator_factory = {sizeof(qbt_condition_operator_factory), 1, operators};

const char* const stop_aliases[] = {"pause", nullptr};
const qbt_action add_tag = qbt::sdk::make_action<AddTag>("add_tag", nullptr, 0, "add tags (test)");
const qbt_action stop = qbt::sdk::make_action<Stop>("stop", stop_aliases, 0, "stop (test)");
const qbt_action* const actions[] = {&add_tag, &stop};
const qbt_action_factory action_factory = {sizeof(qbt_action_factory), 2, actions};

int init(const qbt_host*, qbt_error*) { return QBT_OK; }
const void* get_factory(const char* id) {
    std::string_view which(id);
    if (which == QBT_CONDITION_OPERATOR_FACTORY_ID) return &operator_factory;
    if (which == QBT_ACTION_FACTORY_ID) return &action_factory;
    return nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.qbt-rules.test.rules-loader",
                    "rules loader test plugin", "0.0.1", "== and add_tag/stop for loader tests",
                    init, nullptr, get_factory};
