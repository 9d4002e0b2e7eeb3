#include "config/yaml_to_json.hpp"

#include <cctype>
#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "config/value_parse.hpp"

namespace qbt::config::detail {

namespace {

using Allocator = rapidjson::Document::AllocatorType;

bool looks_like_number(const std::string& s) {
    // Reject words strtod would accept ("inf", "nan") and hex; JSON cannot hold them.
    for (char c : s)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
              c == 'e' || c == 'E'))
            return false;
    return parse_number(s).has_value();
}

rapidjson::Value scalar_to_json(const YAML::Node& node, Allocator& alloc) {
    const std::string& text = node.Scalar();
    rapidjson::Value out;
    if (node.Tag() == "!") {  // quoted: always a string
        out.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
        return out;
    }
    if (text == "true" || text == "True" || text == "TRUE") return rapidjson::Value(true);
    if (text == "false" || text == "False" || text == "FALSE") return rapidjson::Value(false);
    if (auto integer = parse_integer(text); integer && trim(text) == text) {
        out.SetInt64(*integer);
        return out;
    }
    if (looks_like_number(text)) {
        out.SetDouble(*parse_number(text));
        return out;
    }
    out.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
    return out;
}

rapidjson::Value to_json(const YAML::Node& node, Allocator& alloc) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence: {
            rapidjson::Value array(rapidjson::kArrayType);
            for (const auto& item : node) array.PushBack(to_json(item, alloc), alloc);
            return array;
        }
        case YAML::NodeType::Map: {
            rapidjson::Value object(rapidjson::kObjectType);
            for (const auto& entry : node) {
                if (!entry.first.IsScalar())
                    throw std::invalid_argument(
                        "line " + std::to_string(entry.first.Mark().line + 1) +
                        ": mapping keys must be plain values");
                const std::string& name = entry.first.Scalar();
                rapidjson::Value key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()),
                                     alloc);
                object.AddMember(key, to_json(entry.second, alloc), alloc);
            }
            return object;
        }
        case YAML::NodeType::Scalar: return scalar_to_json(node, alloc);
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: break;
    }
    return rapidjson::Value(rapidjson::kNullType);
}

}  // namespace

std::string yaml_to_json(const YAML::Node& node) {
    rapidjson::Document doc;
    rapidjson::Value value = to_json(node, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return buffer.GetString();
}

}  // namespace qbt::config::detail
