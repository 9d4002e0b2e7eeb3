#include "rules/rules_meta.hpp"

#include "rules/rules_load_context.hpp"
#include "rules/rules_values.hpp"

namespace qbt::rules {

std::string read_meta(LoadContext& ctx, const YAML::Node& node, const std::string& what) {
    if (!node.IsDefined() || node.IsNull()) return "";
    if (!node.IsMap()) {
        ctx.error(node, what + " must be a mapping (description: ..., and any keys of yours)");
        return "";
    }
    rapidjson::Document doc;
    // No ${vars} substitution: meta is text for people, never part of a rule's meaning.
    if (!yaml_to_json(ctx, node, doc, doc.GetAllocator(), false)) return "";
    return json_text(doc);
}

std::string read_refs_meta(LoadContext& ctx, const YAML::Node& refs) {
    if (!refs.IsDefined() || !refs.IsMap()) return "";
    const YAML::Node meta = find_key(refs, "meta");
    if (meta.IsDefined() && meta.IsMap()) check_keys(ctx, meta, {"vars", "conditions", "actions"}, "refs.meta");
    return read_meta(ctx, meta, "refs.meta");
}

std::string meta_description(const std::string& meta_json) {
    rapidjson::Document doc;
    if (meta_json.empty() || doc.Parse(meta_json.c_str()).HasParseError() || !doc.IsObject()) return "";
    auto it = doc.FindMember("description");
    return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

void check_version(LoadContext& ctx, const YAML::Node& version) {
    if (!version.IsDefined()) return;
    int value = 0;
    if (version.IsScalar() && YAML::convert<int>::decode(version, value) && value == kRulesFileVersion) return;
    ctx.error(version, "unknown rules file version '" + (version.IsScalar() ? version.Scalar() : std::string("?")) +
                           "' (this server reads version " + std::to_string(kRulesFileVersion) + ")");
}

}  // namespace qbt::rules
