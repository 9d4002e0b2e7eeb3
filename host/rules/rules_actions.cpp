#include "rules/rules_actions.hpp"

#include "abi/owned_value.hpp"
#include "rules/rules_load_context.hpp"
#include "rules/rules_values.hpp"
#include "plugin/registry.hpp"

namespace qbt::rules {

namespace {

using ActionRef = RefEntry<std::vector<Action>>;

void append_items(LoadContext& ctx, const YAML::Node& list, std::vector<Action>& out);

std::optional<Action> compile_action(LoadContext& ctx, const YAML::Node& node) {
    check_keys(ctx, node, {"type", "params"}, "an action");
    Action action;
    action.where = ctx.at(node);
    YAML::Node type = find_key(node, "type");
    if (!type.IsDefined()) {
        ctx.error(node, "action has no 'type' (an action is type and optional params)");
        return std::nullopt;
    }
    if (!read_string(ctx, type, "action type", action.type)) return std::nullopt;
    const auto provided = ctx.registry.find_action(action.type);
    const qbt_action* descriptor = provided.descriptor;
    if (descriptor == nullptr || descriptor->compile == nullptr) {
        ctx.error(type, "unknown action '" + action.type + "' (known: " + join(ctx.registry.action_names()) + ")");
        return std::nullopt;
    }
    YAML::Node params = find_key(node, "params");
    rapidjson::Document params_json;
    params_json.SetObject();
    if (params.IsDefined() && !params.IsNull()) {
        if (!params.IsMap()) {
            ctx.error(params, "params of action '" + action.type + "' must be a mapping (name: value)");
            return std::nullopt;
        }
        if (!yaml_to_json(ctx, params, params_json, params_json.GetAllocator(), true)) return std::nullopt;
    }
    action.params_json = json_text(params_json);
    abi::OwnedValue compiled_params(params_json);
    std::string why;
    action.compiled = compile_with<CompiledAction>(provided, compiled_params.root(), why);
    if (!action.compiled) {
        // Plugins often start with their action's name ("add_tag: param 'tags' ..."): say it once.
        for (const std::string& name : {std::string(descriptor->name), action.type})
            if (why.rfind(name + ": ", 0) == 0) why.erase(0, name.size() + 2);
        ctx.error(node, "action '" + action.type + "': " + why);
        return std::nullopt;
    }
    return action;
}

const std::vector<Action>* use_action_ref(LoadContext& ctx, const std::string& name, const YAML::Node& at) {
    ActionRef& entry = ctx.refs.actions.at(name);
    const std::string path = "actions." + name;
    if (entry.state == ActionRef::State::Compiling) {
        ctx.error(at, "ref cycle: " + ref_cycle(ctx.refs, path).value_or(path));
        return nullptr;
    }
    if (entry.state == ActionRef::State::Pending) {
        entry.state = ActionRef::State::Compiling;
        ctx.refs.compiling.push_back(path);
        std::string rule = std::exchange(ctx.rule, std::string());
        std::string scope = std::exchange(ctx.scope, "refs." + path);
        ErrorCheckpoint checkpoint(ctx);
        if (entry.body.IsSequence() || entry.body.IsMap())
            append_items(ctx, entry.body, entry.compiled);  // a single action is accepted too
        else
            ctx.error(entry.body, "an action ref must be a list of actions");
        ctx.rule = std::move(rule);
        ctx.scope = std::move(scope);
        ctx.refs.compiling.pop_back();
        entry.state = checkpoint.clean() ? ActionRef::State::Done : ActionRef::State::Failed;
    }
    return entry.state == ActionRef::State::Done ? &entry.compiled : nullptr;
}

void append_item(LoadContext& ctx, const YAML::Node& node, std::vector<Action>& out) {
    if (!node.IsMap()) {
        ctx.error(node, "an action must be a mapping (type, params) or a $ref");
        return;
    }
    if (has_key(node, "$ref")) {
        check_keys(ctx, node, {"$ref"}, "a $ref item");
        YAML::Node path = find_key(node, "$ref");
        auto name = ref_name(ctx, path, "actions");
        if (!name) return;
        if (const std::vector<Action>* spliced = use_action_ref(ctx, *name, path))
            out.insert(out.end(), spliced->begin(), spliced->end());
        return;
    }
    if (auto action = compile_action(ctx, node)) out.push_back(std::move(*action));
}

void append_items(LoadContext& ctx, const YAML::Node& list, std::vector<Action>& out) {
    if (list.IsMap()) return append_item(ctx, list, out);
    for (const auto& item : list) append_item(ctx, item, out);
}

}  // namespace

std::vector<Action> compile_actions(LoadContext& ctx, const YAML::Node& node) {
    std::vector<Action> actions;
    if (!node.IsSequence()) {
        ctx.error(node, "actions must be a list of actions");
        return actions;
    }
    ErrorCheckpoint checkpoint(ctx);
    append_items(ctx, node, actions);
    if (actions.empty() && checkpoint.clean()) ctx.error(node, "actions is empty (a rule needs at least one action)");
    return actions;
}

void compile_action_refs(LoadContext& ctx) {
    for (auto& [name, entry] : ctx.refs.actions)
        if (entry.state == ActionRef::State::Pending) use_action_ref(ctx, name, entry.name_node);
}

}  // namespace qbt::rules
