#include "abi/owned_value.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <stdexcept>

namespace qbt::abi {

OwnedValue::OwnedValue() : root_(std::make_unique<qbt_value>()) { root_->type = QBT_VALUE_NULL; }

OwnedValue::OwnedValue(const rapidjson::Value& json) : root_(std::make_unique<qbt_value>()) {
    fill(*root_, json);
}

OwnedValue OwnedValue::from_json_text(std::string_view text) {
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError())
        throw std::invalid_argument(std::string("invalid JSON: ") +
                                    rapidjson::GetParseError_En(doc.GetParseError()));
    return OwnedValue(doc);
}

qbt_string OwnedValue::keep(std::string_view text) {
    strings_.emplace_back(text);
    return qbt_string{strings_.back().data(), strings_.back().size()};
}

bool scalar_value(const rapidjson::Value& json, qbt_value& out) {
    out = qbt_value{};
    if (json.IsNull()) {
        out.type = QBT_VALUE_NULL;
    } else if (json.IsBool()) {
        out.type = QBT_VALUE_BOOL;
        out.as.boolean = json.GetBool() ? 1 : 0;
    } else if (json.IsInt64()) {
        out.type = QBT_VALUE_INT;
        out.as.integer = json.GetInt64();
    } else if (json.IsNumber()) {
        out.type = QBT_VALUE_DOUBLE;
        out.as.number = json.GetDouble();
    } else {
        return false;
    }
    return true;
}

void OwnedValue::fill(qbt_value& out, const rapidjson::Value& json) {
    if (scalar_value(json, out)) return;
    if (json.IsString()) {
        out.type = QBT_VALUE_STRING;
        out.as.string = keep(std::string_view(json.GetString(), json.GetStringLength()));
    } else if (json.IsArray()) {
        auto& items = arrays_.emplace_back(json.Size());
        for (rapidjson::SizeType i = 0; i < json.Size(); ++i) fill(items[i], json[i]);
        out.type = QBT_VALUE_ARRAY;
        out.as.array.items = items.data();
        out.as.array.count = items.size();
    } else if (json.IsObject()) {
        auto& members = objects_.emplace_back(json.MemberCount());
        size_t i = 0;
        for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it, ++i) {
            members[i].key = keep(std::string_view(it->name.GetString(), it->name.GetStringLength()));
            fill(members[i].value, it->value);
        }
        out.type = QBT_VALUE_OBJECT;
        out.as.object.members = members.data();
        out.as.object.count = members.size();
    } else {
        out.type = QBT_VALUE_NULL;
    }
}

rapidjson::Value to_json(const qbt_value* value, rapidjson::Document::AllocatorType& allocator) {
    rapidjson::Value out;
    if (value == nullptr) return out;
    switch (value->type) {
        case QBT_VALUE_BOOL: out.SetBool(value->as.boolean != 0); break;
        case QBT_VALUE_INT: out.SetInt64(value->as.integer); break;
        case QBT_VALUE_DOUBLE: out.SetDouble(value->as.number); break;
        case QBT_VALUE_STRING:
            out.SetString(value->as.string.data ? value->as.string.data : "",
                          static_cast<rapidjson::SizeType>(value->as.string.size), allocator);
            break;
        case QBT_VALUE_ARRAY:
            out.SetArray();
            for (size_t i = 0; i < value->as.array.count; ++i)
                out.PushBack(to_json(&value->as.array.items[i], allocator), allocator);
            break;
        case QBT_VALUE_OBJECT:
            out.SetObject();
            for (size_t i = 0; i < value->as.object.count; ++i) {
                const auto& m = value->as.object.members[i];
                rapidjson::Value key(m.key.data ? m.key.data : "",
                                     static_cast<rapidjson::SizeType>(m.key.size), allocator);
                out.AddMember(key, to_json(&m.value, allocator), allocator);
            }
            break;
        default: break;
    }
    return out;
}

std::string to_json_text(const qbt_value* value) {
    rapidjson::Document doc;
    rapidjson::Value json = to_json(value, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    json.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

qbt_value scalar_view(const rapidjson::Value& json) {
    qbt_value out{};
    out.type = QBT_VALUE_NULL;
    if (json.IsBool()) {
        out.type = QBT_VALUE_BOOL;
        out.as.boolean = json.GetBool() ? 1 : 0;
    } else if (json.IsInt64()) {
        out.type = QBT_VALUE_INT;
        out.as.integer = json.GetInt64();
    } else if (json.IsNumber()) {
        out.type = QBT_VALUE_DOUBLE;
        out.as.number = json.GetDouble();
    } else if (json.IsString()) {
        out.type = QBT_VALUE_STRING;
        out.as.string = qbt_string{json.GetString(), json.GetStringLength()};
    }
    return out;
}

}  // namespace qbt::abi
