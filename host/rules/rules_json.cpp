#include "rules/rules_json.hpp"

#include "rules/redact.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::rules {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

// A JSON text written as a value; anything unparsable is written as a string.
void raw_json(Writer& w, const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) str(w, text);
    else doc.Accept(w);
}

void write_where(Writer& w, const SourceLocation& where) {
    w.Key("where");
    w.StartObject();
    w.Key("file"); str(w, where.file);
    w.Key("line"); w.Int(where.line);
    w.Key("column"); w.Int(where.column);
    w.Key("text"); str(w, where.to_string());
    w.EndObject();
}

const char* kind_name(Group::Kind kind) {
    switch (kind) {
        case Group::Kind::Any: return "any";
        case Group::Kind::None: return "none";
        case Group::Kind::All: break;
    }
    return "all";
}

void write_group(Writer& w, const Group& group) {
    w.StartObject();
    w.Key("kind"); w.String(kind_name(group.kind));
    write_where(w, group.where);
    w.Key("items");
    w.StartArray();
    for (const GroupItem& item : group.items) {
        if (const auto* nested = std::get_if<Group>(&item)) {
            write_group(w, *nested);
            continue;
        }
        const Condition& c = std::get<Condition>(item);
        w.StartObject();
        w.Key("field"); str(w, c.field.text);
        w.Key("operator"); str(w, c.operator_name);
        w.Key("expected"); raw_json(w, c.expected_json);
        write_where(w, c.where);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void write_rule(Writer& w, const Rule& rule) {
    w.StartObject();
    w.Key("name"); str(w, rule.name);
    w.Key("id");  // qbt-rules 0.6's identity key; null when the rule has none
    if (rule.id.empty()) w.Null();
    else str(w, rule.id);
    w.Key("meta");
    if (rule.meta_json.empty()) w.Null();
    else raw_json(w, rule.meta_json);
    w.Key("enabled"); w.Bool(rule.enabled);
    w.Key("contexts");
    w.StartArray();
    for (const std::string& context : rule.contexts) str(w, context);
    w.EndArray();
    w.Key("instances");  // empty: every instance
    w.StartArray();
    for (const std::string& instance : rule.instances) str(w, instance);
    w.EndArray();
    w.Key("stop_on_match"); w.Bool(rule.stop_on_match);
    w.Key("max_deletes");
    if (rule.max_deletes) w.Int(*rule.max_deletes);
    else w.Null();
    if (rule.until) {
        w.Key("until");
        w.StartObject();
        w.Key("free_space"); w.Int64(rule.until->bytes);
        w.Key("free_space_text"); str(w, rule.until->text);
        w.EndObject();
    }
    if (rule.order_by) {
        w.Key("order_by"); str(w, rule.order_by->text);
    }
    write_where(w, rule.where);
    w.Key("conditions");
    write_group(w, rule.conditions);
    w.Key("actions");
    w.StartArray();
    for (const Action& action : rule.actions) {
        w.StartObject();
        w.Key("type"); str(w, action.type);
        w.Key("params"); raw_json(w, redact_params_json(action.params_json));
        write_where(w, action.where);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

}  // namespace

std::string rules_to_json(const RuleSet& rules) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("source"); str(w, rules.source);
    w.Key("refs_meta");
    if (rules.refs_meta_json.empty()) w.Null();
    else raw_json(w, rules.refs_meta_json);
    w.Key("rules");
    w.StartArray();
    for (const Rule& rule : rules.rules) write_rule(w, rule);
    w.EndArray();
    w.Key("protect");  // null: no protect section
    if (rules.protect) write_group(w, *rules.protect);
    else w.Null();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::rules
