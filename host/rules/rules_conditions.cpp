#include "rules/rules_conditions.hpp"

#include "abi/owned_value.hpp"
#include "rules/rules_load_context.hpp"
#include "rules/rules_values.hpp"
#include "plugin/registry.hpp"

#include <array>

namespace qbt::rules {

namespace {

constexpr std::array<std::string_view, 8> kSpaces = {"info",  "trackers",   "files",    "peers",
                                                     "webseeds", "properties", "transfer", "app"};

std::optional<GroupItem> compile_item(LoadContext& ctx, const YAML::Node& node);

bool read_field(LoadContext& ctx, const YAML::Node& node, FieldPath& field) {
    if (!read_string(ctx, node, "field", field.text)) return false;
    auto dot = field.text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == field.text.size()) {
        ctx.error(node, "field '" + field.text + "' must be SPACE.KEY, e.g. info.ratio (spaces: " +
                            "info, trackers, files, peers, webseeds, properties, transfer, app)");
        return false;
    }
    field.space = field.text.substr(0, dot);
    field.key = field.text.substr(dot + 1);
    for (auto space : kSpaces)
        if (field.space == space) return true;
    ctx.error(node, "unknown field namespace '" + field.space + "' in '" + field.text +
                        "' (known: info, trackers, files, peers, webseeds, properties, transfer, app)");
    return false;
}

plugin::Provided<qbt_condition_operator> read_operator(LoadContext& ctx, const YAML::Node& node, std::string& name) {
    if (!read_string(ctx, node, "operator", name)) return {};
    const auto provided = ctx.registry.find_operator(name);
    if (provided.descriptor == nullptr || provided.descriptor->compile == nullptr) {
        ctx.error(node, "unknown operator '" + name + "' (known: " + join(ctx.registry.operator_names()) + ")");
        return {};
    }
    return provided;
}

std::optional<Condition> compile_condition(LoadContext& ctx, const YAML::Node& node) {
    check_keys(ctx, node, {"field", "operator", "value"}, "a condition");
    Condition condition;
    condition.where = ctx.at(node);
    bool ok = true;
    const char* names[] = {"field", "operator", "value"};
    for (const char* key : names) {
        if (!has_key(node, key)) {
            ctx.error(node, std::string("condition has no '") + key + "' (a condition is field, operator, value)");
            ok = false;
        }
    }
    YAML::Node field = find_key(node, "field"), op_node = find_key(node, "operator"), value = find_key(node, "value");
    if (field.IsDefined()) ok = read_field(ctx, field, condition.field) && ok;
    plugin::Provided<qbt_condition_operator> op;
    if (op_node.IsDefined()) {
        op = read_operator(ctx, op_node, condition.operator_name);
        ok = op.descriptor != nullptr && ok;
    }
    if (!ok) return std::nullopt;

    rapidjson::Document expected_json;
    if (!yaml_to_json(ctx, value, expected_json, expected_json.GetAllocator(), true)) return std::nullopt;
    condition.expected_json = json_text(expected_json);
    abi::OwnedValue expected(expected_json);
    std::string why;
    condition.op = compile_with<CompiledOperator>(op, expected.root(), why);
    if (!condition.op) {
        // Plugins usually name their operator already ("operator 'matches': ...").
        bool named = why.rfind("operator '", 0) == 0;
        ctx.error(value, named ? why : "operator '" + condition.operator_name + "': " + why);
        return std::nullopt;
    }
    return condition;
}

const std::optional<GroupItem>* use_condition_ref(LoadContext& ctx, const std::string& name, const YAML::Node& at) {
    auto& entry = ctx.refs.conditions.at(name);
    const std::string path = "conditions." + name;
    if (entry.state == RefEntry<std::optional<GroupItem>>::State::Compiling) {
        ctx.error(at, "ref cycle: " + ref_cycle(ctx.refs, path).value_or(path));
        return nullptr;
    }
    if (entry.state == RefEntry<std::optional<GroupItem>>::State::Pending) {
        entry.state = RefEntry<std::optional<GroupItem>>::State::Compiling;
        ctx.refs.compiling.push_back(path);
        std::string rule = std::exchange(ctx.rule, std::string());
        std::string scope = std::exchange(ctx.scope, "refs." + path);
        ErrorCheckpoint checkpoint(ctx);
        const YAML::Node& body = entry.body;
        bool single = body.IsMap() && (has_key(body, "field") || has_key(body, "operator") || has_key(body, "value"));
        if (single) {
            if (auto condition = compile_condition(ctx, body)) entry.compiled = std::move(*condition);
        } else {
            entry.compiled = compile_conditions(ctx, body, nullptr);
        }
        ctx.rule = std::move(rule);
        ctx.scope = std::move(scope);
        ctx.refs.compiling.pop_back();
        entry.state = checkpoint.clean() ? RefEntry<std::optional<GroupItem>>::State::Done
                                         : RefEntry<std::optional<GroupItem>>::State::Failed;
    }
    return entry.state == RefEntry<std::optional<GroupItem>>::State::Done ? &entry.compiled : nullptr;
}

Group::Kind group_kind(const std::string& key) {
    return key == "any" ? Group::Kind::Any : key == "none" ? Group::Kind::None : Group::Kind::All;
}

// The items of one all/any/none group: a list (a single item is accepted too).
Group compile_group(LoadContext& ctx, const YAML::Node& node, Group::Kind kind, const std::string& what) {
    Group group{kind, {}, ctx.at(node)};
    if (node.IsSequence()) {
        for (const auto& item : node)
            if (auto compiled = compile_item(ctx, item)) group.items.push_back(std::move(*compiled));
        if (node.size() == 0) ctx.error(node, what + " is empty (write at least one condition)");
    } else if (node.IsMap()) {
        if (auto compiled = compile_item(ctx, node)) group.items.push_back(std::move(*compiled));
    } else {
        ctx.error(node, what + " must be a list of conditions and groups");
    }
    return group;
}

// A mapping of groups side by side; one group comes back as itself, several as `all` of them.
Group compile_group_mapping(LoadContext& ctx, const YAML::Node& node, YAML::Node* legacy_context) {
    if (legacy_context != nullptr)
        check_keys(ctx, node, {"all", "any", "none", "context"}, "conditions");
    else
        check_keys(ctx, node, {"all", "any", "none"}, "a condition group");
    Group combined{Group::Kind::All, {}, ctx.at(node)};
    for (const auto& entry : node) {
        if (!entry.first.IsScalar()) continue;
        const std::string& key = entry.first.Scalar();
        if (key == "context" && legacy_context != nullptr) {
            *legacy_context = entry.second;
        } else if (key == "all" || key == "any" || key == "none") {
            combined.items.push_back(compile_group(ctx, entry.second, group_kind(key), "group '" + key + "'"));
        }
    }
    if (combined.items.empty()) {
        ctx.error(node, "conditions has no all/any/none group");
        return combined;
    }
    if (combined.items.size() == 1) return std::get<Group>(std::move(combined.items.front()));
    return combined;
}

std::optional<GroupItem> compile_item(LoadContext& ctx, const YAML::Node& node) {
    if (node.IsSequence()) return compile_group(ctx, node, Group::Kind::All, "a nested list");
    if (!node.IsMap()) {
        ctx.error(node, "a condition group item must be a condition (field, operator, value), "
                        "a group (all/any/none) or a $ref");
        return std::nullopt;
    }
    if (has_key(node, "$ref")) {
        check_keys(ctx, node, {"$ref"}, "a $ref item");
        auto name = ref_name(ctx, find_key(node, "$ref"), "conditions");
        if (!name) return std::nullopt;
        const std::optional<GroupItem>* compiled = use_condition_ref(ctx, *name, find_key(node, "$ref"));
        return compiled != nullptr ? *compiled : std::nullopt;
    }
    if (has_key(node, "field") || has_key(node, "operator") || has_key(node, "value"))
        return compile_condition(ctx, node);
    return compile_group_mapping(ctx, node, nullptr);
}

}  // namespace

Group compile_conditions(LoadContext& ctx, const YAML::Node& node, YAML::Node* legacy_context) {
    Group root{Group::Kind::All, {}, ctx.at(node)};
    if (node.IsMap() && !has_key(node, "$ref") &&
        !(has_key(node, "field") || has_key(node, "operator") || has_key(node, "value"))) {
        Group group = compile_group_mapping(ctx, node, legacy_context);
        if (group.kind == Group::Kind::All) return group;
        root.items.push_back(std::move(group));
        return root;
    }
    if (node.IsSequence() || node.IsMap()) return compile_group(ctx, node, Group::Kind::All, "conditions");
    ctx.error(node, "conditions must be a list of conditions or a mapping of all/any/none groups");
    return root;
}

void compile_condition_refs(LoadContext& ctx) {
    for (auto& [name, entry] : ctx.refs.conditions)
        if (entry.state == RefEntry<std::optional<GroupItem>>::State::Pending) use_condition_ref(ctx, name, entry.name_node);
}

}  // namespace qbt::rules
