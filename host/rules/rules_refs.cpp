#include "rules/rules_refs.hpp"

#include "rules/rules_load_context.hpp"

namespace qbt::rules {

namespace {

// Collects NAME -> body pairs of one refs section.
template <class Entries, class Store>
void read_section(LoadContext& ctx, const YAML::Node& section, const std::string& what, Entries& entries,
                  Store store) {
    if (!section.IsDefined() || section.IsNull()) return;
    if (!section.IsMap()) {
        ctx.error(section, what + " must be a mapping of NAME: value");
        return;
    }
    for (const auto& entry : section) {
        std::string name;
        if (!read_string(ctx, entry.first, "a name in " + what, name)) continue;
        if (entries.count(name) != 0) {
            ctx.error(entry.first, what + "." + name + " is defined twice");
            continue;
        }
        store(name, entry.first, entry.second);
    }
}

}  // namespace

void read_refs(LoadContext& ctx, const YAML::Node& refs) {
    if (!refs.IsDefined() || refs.IsNull()) return;
    if (!refs.IsMap()) {
        ctx.error(refs, "refs must be a mapping with vars, conditions and/or actions");
        return;
    }
    check_keys(ctx, refs, {"vars", "conditions", "actions", "meta"}, "refs");  // meta: rules_meta.hpp
    read_section(ctx, find_key(refs, "vars"), "refs.vars", ctx.refs.vars,
                 [&](const std::string& name, const YAML::Node&, const YAML::Node& body) {
                     ctx.refs.vars.emplace(name, body);
                 });
    read_section(ctx, find_key(refs, "conditions"), "refs.conditions", ctx.refs.conditions,
                 [&](const std::string& name, const YAML::Node& at, const YAML::Node& body) {
                     auto& entry = ctx.refs.conditions[name];
                     entry.body = body;
                     entry.name_node = at;
                 });
    read_section(ctx, find_key(refs, "actions"), "refs.actions", ctx.refs.actions,
                 [&](const std::string& name, const YAML::Node& at, const YAML::Node& body) {
                     auto& entry = ctx.refs.actions[name];
                     entry.body = body;
                     entry.name_node = at;
                 });
}

std::optional<std::string> ref_name(LoadContext& ctx, const YAML::Node& node, const std::string& kind) {
    std::string path;
    if (!read_string(ctx, node, "$ref", path)) return std::nullopt;
    auto dot = path.find('.');
    std::string prefix = path.substr(0, dot);
    if (dot == std::string::npos || dot + 1 == path.size() || (prefix != "conditions" && prefix != "actions")) {
        ctx.error(node, "$ref '" + path + "' must be conditions.NAME or actions.NAME");
        return std::nullopt;
    }
    if (prefix != kind) {
        ctx.error(node, "$ref '" + path + "' refers to " + prefix + ", but only " + kind +
                            ".NAME can be used here");
        return std::nullopt;
    }
    std::string name = path.substr(dot + 1);
    bool known = kind == "conditions" ? ctx.refs.conditions.count(name) != 0 : ctx.refs.actions.count(name) != 0;
    if (!known) {
        std::vector<std::string> names;
        if (kind == "conditions")
            for (const auto& [n, _] : ctx.refs.conditions) names.push_back(n);
        else
            for (const auto& [n, _] : ctx.refs.actions) names.push_back(n);
        ctx.error(node, "unknown ref '" + path + "'" +
                            (names.empty() ? " (refs." + kind + " defines none)"
                                           : " (known " + kind + ": " + join(names) + ")"));
        return std::nullopt;
    }
    return name;
}

std::optional<std::string> ref_cycle(const RefTable& refs, const std::string& path) {
    for (size_t i = 0; i < refs.compiling.size(); ++i) {
        if (refs.compiling[i] != path) continue;
        std::vector<std::string> chain(refs.compiling.begin() + static_cast<long>(i), refs.compiling.end());
        chain.push_back(path);
        return join(chain, " -> ");
    }
    return std::nullopt;
}

}  // namespace qbt::rules
