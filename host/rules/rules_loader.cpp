#include "rules/rules_loader.hpp"

#include "rules/rules_actions.hpp"
#include "rules/rules_conditions.hpp"
#include "rules/rules_load_context.hpp"
#include "rules/rules_meta.hpp"
#include "rules/rules_rule.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace qbt::rules {

namespace {

LoadResult fail_with(std::vector<Diagnostic> errors) {
    LoadResult result;
    result.errors = std::move(errors);
    return result;
}

void compile_rules(LoadContext& ctx, const YAML::Node& list, RuleSet& set) {
    std::map<std::string, SourceLocation> first_seen;
    size_t index = 0;
    for (const auto& node : list) {
        auto rule = compile_rule(ctx, node, ++index);
        if (!rule) continue;
        if (!rule->name.empty()) {
            auto [it, inserted] = first_seen.emplace(rule->name, rule->where);
            if (!inserted)
                ctx.error(find_key(node, has_key(node, "name") ? "name" : "id"), "duplicate rule name (first defined at " +
                                                      it->second.to_string() + "); names must be unique");
        }
        set.rules.push_back(std::move(*rule));
    }
    ctx.rule.clear();
}

// `protect:` holds conditions as a rule's `conditions:` does; null or absent = none.
void compile_protect(LoadContext& ctx, const YAML::Node& node, RuleSet& set) {
    if (!node.IsDefined() || node.IsNull()) return;
    ctx.rule = "protect";
    set.protect = compile_conditions(ctx, node, nullptr);
    set.protect_where = ctx.at(node);
    ctx.rule.clear();
}

}  // namespace

LoadResult load_rules_text(const std::string& yaml, const std::string& source_name,
                           const plugin::Registry& registry) {
    LoadContext ctx(source_name, registry);
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        SourceLocation where{source_name, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                             e.mark.column >= 0 ? e.mark.column + 1 : 0};
        return fail_with({Diagnostic{where, "", "YAML syntax error: " + e.msg}});
    }

    auto set = std::make_shared<RuleSet>();
    set->source = source_name;
    YAML::Node rules(YAML::NodeType::Undefined);
    if (root.IsMap()) {
        check_keys(ctx, root, {"rules", "refs", "version", "protect"}, "the rules file");
        check_version(ctx, find_key(root, "version"));
        read_refs(ctx, find_key(root, "refs"));
        set->refs_meta_json = read_refs_meta(ctx, find_key(root, "refs"));
        rules = find_key(root, "rules");
    } else if (root.IsDefined() && !root.IsNull()) {
        ctx.error(root, "the rules file must be a mapping with 'rules:' (and optional 'refs:', 'protect:')");
    }
    // Refs first, so each ref's own errors are reported once, in the ref, used or not.
    compile_condition_refs(ctx);
    compile_action_refs(ctx);
    compile_protect(ctx, root.IsMap() ? find_key(root, "protect") : YAML::Node(), *set);

    if (rules.IsSequence() && rules.size() > 0) {
        compile_rules(ctx, rules, *set);
    } else if (rules.IsDefined() && !rules.IsNull() && !rules.IsSequence()) {
        ctx.error(rules, "rules must be a list of rules");
    } else if (ctx.errors.empty()) {
        // An empty file is valid (nothing to do) but almost certainly not what was meant.
        ctx.warning(rules.IsDefined() ? ctx.at(rules) : SourceLocation{source_name, 0, 0},
                    "the rules file defines no rules; jobs will do nothing");
    }

    LoadResult result;
    result.errors = std::move(ctx.errors);
    result.warnings = std::move(ctx.warnings);
    if (result.errors.empty()) result.rules = std::move(set);
    return result;
}

LoadResult load_rules_file(const std::string& path, const plugin::Registry& registry) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::string why = std::strerror(errno);
        return fail_with({Diagnostic{SourceLocation{path, 0, 0}, "", "cannot read the rules file: " + why}});
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return fail_with({Diagnostic{SourceLocation{path, 0, 0}, "", "cannot read the rules file"}});
    return load_rules_text(text.str(), path, registry);
}

}  // namespace qbt::rules
