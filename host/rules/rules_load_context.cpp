#include "rules/rules_load_context.hpp"

#include "rules/rules_values.hpp"

#include <set>

namespace qbt::rules {

SourceLocation LoadContext::at(const YAML::Node& node) const {
    SourceLocation where{file, 0, 0};
    if (!node.IsDefined()) return where;
    YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {  // yaml-cpp marks are 0-based, -1 when unknown
        where.line = mark.line + 1;
        where.column = mark.column + 1;
    }
    return where;
}

void LoadContext::error(const YAML::Node& node, const std::string& message) { error(at(node), message); }

void LoadContext::error(const SourceLocation& where, const std::string& message) {
    errors.push_back(Diagnostic{where, rule, scope.empty() ? message : "in " + scope + ": " + message});
}

void LoadContext::warning(const SourceLocation& where, const std::string& message) {
    warnings.push_back(Diagnostic{where, rule, message});
}

YAML::Node find_key(const YAML::Node& map, std::string_view key) {
    if (map.IsMap()) {
        for (const auto& entry : map)
            if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

bool has_key(const YAML::Node& map, std::string_view key) { return find_key(map, key).IsDefined(); }

void check_keys(LoadContext& ctx, const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                const std::string& what) {
    std::set<std::string, std::less<>> seen;
    for (const auto& entry : map) {
        if (!entry.first.IsScalar()) {
            ctx.error(entry.first, what + " has a key that is not a plain name");
            continue;
        }
        const std::string& key = entry.first.Scalar();
        bool known = false;
        for (auto name : allowed) known = known || name == key;
        if (!known) {
            std::string names;
            for (auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
            ctx.error(entry.first, "unknown key '" + key + "' in " + what + " (allowed: " + names + ")");
        } else if (!seen.insert(key).second) {
            ctx.error(entry.first, "key '" + key + "' is given twice in " + what);
        }
    }
}

bool read_string(LoadContext& ctx, const YAML::Node& node, const std::string& what, std::string& out) {
    if (!node.IsScalar() || node.Scalar().empty() || (is_plain(node) && is_yaml_null(node.Scalar()))) {
        ctx.error(node, what + " must be a non-empty text");
        return false;
    }
    out = node.Scalar();
    return true;
}

bool read_bool(LoadContext& ctx, const YAML::Node& node, const std::string& what, bool& out) {
    if (node.IsScalar() && is_plain(node)) {
        if (auto value = yaml_bool(node.Scalar())) {
            out = *value;
            return true;
        }
    }
    ctx.error(node, what + " must be true or false");
    return false;
}

std::string join(const std::vector<std::string>& names, std::string_view separator) {
    std::string text;
    for (const auto& name : names) {
        if (!text.empty()) text += separator;
        text += name;
    }
    return text;
}

}  // namespace qbt::rules
