#include "rules/rules_values.hpp"

#include "rules/rules_load_context.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace qbt::rules {

namespace {

constexpr std::string_view kVarOpen = "${vars.";

bool is_var_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// The var name of a reference starting at text[pos] ("${vars.NAME}"), with its length.
std::optional<std::pair<std::string, size_t>> var_reference_at(std::string_view text, size_t pos) {
    if (text.substr(pos, kVarOpen.size()) != kVarOpen) return std::nullopt;
    size_t start = pos + kVarOpen.size();
    size_t end = start;
    while (end < text.size() && is_var_name_char(text[end])) ++end;
    if (end == start || end >= text.size() || text[end] != '}') return std::nullopt;
    return std::make_pair(std::string(text.substr(start, end - start)), end + 1 - pos);
}

std::optional<int64_t> yaml_int(std::string_view text) {
    std::string_view digits = text;
    if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
    int64_t value = 0;
    int base = 10;
    bool negative = !digits.empty() && digits[0] == '-';
    std::string_view body = negative ? digits.substr(1) : digits;
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
        base = 16;
        body.remove_prefix(2);
    }
    if (body.empty() || !std::isxdigit(static_cast<unsigned char>(body[0]))) return std::nullopt;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value, base);
    if (ec != std::errc() || end != body.data() + body.size()) return std::nullopt;
    return negative ? -value : value;
}

std::optional<double> yaml_float(std::string_view text) {
    std::string_view number = text;
    if (!number.empty() && number[0] == '+') number.remove_prefix(1);
    std::string_view body = !number.empty() && number[0] == '-' ? number.substr(1) : number;
    if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body[0])) || body[0] == '.'))
        return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void typed_scalar(const YAML::Node& node, rapidjson::Value& out, rapidjson::Document::AllocatorType& allocator) {
    const std::string& text = node.Scalar();
    if (is_plain(node)) {
        if (is_yaml_null(text)) {
            out.SetNull();
            return;
        }
        if (auto flag = yaml_bool(text)) {
            out.SetBool(*flag);
            return;
        }
        if (auto integer = yaml_int(text)) {
            out.SetInt64(*integer);
            return;
        }
        if (auto number = yaml_float(text)) {
            out.SetDouble(*number);
            return;
        }
    }
    out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

const YAML::Node* find_var(LoadContext& ctx, const YAML::Node& at, const std::string& name) {
    auto it = ctx.refs.vars.find(name);
    if (it != ctx.refs.vars.end()) return &it->second;
    std::vector<std::string> known;
    for (const auto& [var, _] : ctx.refs.vars) known.push_back(var);
    ctx.error(at, "unknown var '" + name + "' in '${vars." + name + "}'" +
                      (known.empty() ? " (refs.vars defines none)" : " (known vars: " + join(known) + ")"));
    return nullptr;
}

// Replaces each ${vars.NAME} inside longer text with the var's text.
bool interpolate(LoadContext& ctx, const YAML::Node& node, std::string& text) {
    std::string result;
    bool ok = true;
    for (size_t pos = 0; pos < text.size();) {
        auto reference = text[pos] == '$' ? var_reference_at(text, pos) : std::nullopt;
        if (!reference) {
            result += text[pos++];
            continue;
        }
        pos += reference->second;
        const YAML::Node* var = find_var(ctx, node, reference->first);
        if (var == nullptr) {
            ok = false;
        } else if (!var->IsScalar() && !var->IsNull()) {
            ctx.error(node, "var '" + reference->first + "' is a list or mapping and cannot be put inside text; "
                            "use it as the whole value");
            ok = false;
        } else {
            result += var->IsScalar() ? var->Scalar() : "";
        }
    }
    text = std::move(result);
    return ok;
}

}  // namespace

bool is_plain(const YAML::Node& scalar) { return scalar.Tag() == "?" || scalar.Tag().empty(); }

bool is_yaml_null(std::string_view text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<bool> yaml_bool(std::string_view text) {
    for (auto word : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
        if (text == word) return true;
    for (auto word : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
        if (text == word) return false;
    return std::nullopt;
}

bool yaml_to_json(LoadContext& ctx, const YAML::Node& node, rapidjson::Value& out,
                  rapidjson::Document::AllocatorType& allocator, bool substitute) {
    bool ok = true;
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            out.SetArray();
            for (const auto& item : node) {
                rapidjson::Value value;
                ok = yaml_to_json(ctx, item, value, allocator, substitute) && ok;
                out.PushBack(value, allocator);
            }
            return ok;
        case YAML::NodeType::Map:
            out.SetObject();
            for (const auto& entry : node) {
                rapidjson::Value key, value;
                const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
                key.SetString(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator);
                ok = yaml_to_json(ctx, entry.second, value, allocator, substitute) && ok;
                out.AddMember(key, value, allocator);
            }
            return ok;
        case YAML::NodeType::Scalar:
            break;
        default:
            out.SetNull();
            return true;
    }
    typed_scalar(node, out, allocator);
    if (!substitute || !out.IsString()) return true;
    std::string text(out.GetString(), out.GetStringLength());
    if (text.find(kVarOpen) == std::string::npos) return true;
    if (auto whole = var_reference_at(text, 0); whole && whole->second == text.size()) {
        const YAML::Node* var = find_var(ctx, node, whole->first);
        return var != nullptr && yaml_to_json(ctx, *var, out, allocator, false);
    }
    ok = interpolate(ctx, node, text);
    out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
    return ok;
}

std::string json_text(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::rules
