#include "rules/rules_rule.hpp"

#include "rules/rules_actions.hpp"
#include "rules/rules_conditions.hpp"
#include "rules/rules_load_context.hpp"
#include "rules/rules_meta.hpp"
#include "rules/rules_until.hpp"

#include <algorithm>

namespace qbt::rules {

namespace {

void read_contexts(LoadContext& ctx, const YAML::Node& node, std::vector<std::string>& out) {
    auto add = [&](const YAML::Node& item, const char* what) {
        std::string context;
        if (!read_string(ctx, item, what, context)) return;
        if (context == "restore")  // a restore job runs no rules (engine/engine_options.hpp)
            ctx.error(item, "context 'restore' is reserved for recycle-bin restores; a rule with it would never run");
        else if (context == "orphans")  // an orphan scan runs no rules (engine/orphan_job.hpp)
            ctx.error(item, "context 'orphans' is reserved for orphan scans (engine.orphans); a rule with it would never run");
        else
            out.push_back(context);
    };
    if (node.IsSequence()) {
        for (const auto& item : node) add(item, "each context");
    } else {
        add(node, "context (a name or a list of names)");
    }
}

// `instance: name` or `instance: [a, b]`; names as config.yml allows them.
void read_instances(LoadContext& ctx, const YAML::Node& node, Rule& rule) {
    rule.instances_where = ctx.at(node);
    auto add = [&](const YAML::Node& item, const char* what) {
        std::string name;
        if (!read_string(ctx, item, what, name)) return;
        const bool valid = name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
        if (!valid) ctx.error(item, "instance name '" + name + "' is not valid (a-z, 0-9, '_' and '-', at most 32)");
        else if (name == "all") ctx.error(item, "instance 'all' is not a name: leave 'instance' out to run on every instance");
        else rule.instances.push_back(name);
    };
    if (!node.IsSequence()) {
        add(node, "instance (a qBittorrent instance name or a list of names)");
        return;
    }
    if (node.size() == 0) ctx.error(node, "instance: an empty list would never run; leave 'instance' out for every instance");
    for (const auto& item : node) add(item, "each instance");
}

void read_max_deletes(LoadContext& ctx, const YAML::Node& node, Rule& rule) {
    int value = -1;
    if (node.IsScalar() && YAML::convert<int>::decode(node, value) && value >= 0) {
        rule.max_deletes = value;
        return;
    }
    ctx.error(node, "max_deletes must be a whole number >= 0");
}

}  // namespace

std::optional<Rule> compile_rule(LoadContext& ctx, const YAML::Node& node, size_t index) {
    ctx.rule = "#" + std::to_string(index);
    if (!node.IsMap()) {
        ctx.error(node, "a rule must be a mapping (name, conditions, actions, ...)");
        return std::nullopt;
    }
    Rule rule;
    rule.where = ctx.at(node);
    YAML::Node name = find_key(node, "name");
    YAML::Node id = find_key(node, "id");  // qbt-rules 0.6: id (+ meta) instead of name
    if (id.IsDefined()) read_string(ctx, id, "id", rule.id);
    if (!name.IsDefined() && !id.IsDefined())
        ctx.error(node, "rule has no 'name' or 'id' (every rule needs a unique name)");
    else if (name.IsDefined())
        read_string(ctx, name, "name", rule.name);
    else
        rule.name = rule.id;  // the identity: name, else id
    if (!rule.name.empty()) ctx.rule = rule.name;
    rule.meta_json = read_meta(ctx, find_key(node, "meta"), "meta");

    check_keys(ctx, node,
               {"name", "enabled", "context", "instance", "stop_on_match", "conditions", "actions", "max_deletes",
                "until", "order_by", "id", "meta"},
               "a rule");
    if (YAML::Node enabled = find_key(node, "enabled"); enabled.IsDefined())
        read_bool(ctx, enabled, "enabled", rule.enabled);
    if (YAML::Node stop = find_key(node, "stop_on_match"); stop.IsDefined())
        read_bool(ctx, stop, "stop_on_match", rule.stop_on_match);
    if (YAML::Node max = find_key(node, "max_deletes"); max.IsDefined()) read_max_deletes(ctx, max, rule);
    if (YAML::Node instance = find_key(node, "instance"); instance.IsDefined() && !instance.IsNull())
        read_instances(ctx, instance, rule);
    read_until(ctx, find_key(node, "until"), find_key(node, "order_by"), rule);

    YAML::Node context = find_key(node, "context");
    YAML::Node conditions = find_key(node, "conditions");
    if (!conditions.IsDefined()) {
        ctx.error(node, "rule has no 'conditions'");
    } else {
        YAML::Node legacy_context(YAML::NodeType::Undefined);
        rule.conditions = compile_conditions(ctx, conditions, &legacy_context);
        if (legacy_context.IsDefined() && context.IsDefined())
            ctx.error(legacy_context, "context is given both in the rule and inside conditions; keep the rule's");
        else if (legacy_context.IsDefined())
            context = legacy_context;
    }
    if (context.IsDefined() && !context.IsNull()) read_contexts(ctx, context, rule.contexts);

    YAML::Node actions = find_key(node, "actions");
    if (!actions.IsDefined())
        ctx.error(node, "rule has no 'actions'");
    else
        rule.actions = compile_actions(ctx, actions);
    return rule;
}

}  // namespace qbt::rules
