#include "engine/borrowed_value.hpp"

#include "abi/owned_value.hpp"

namespace qbt::engine {

namespace {
qbt_string borrow(const rapidjson::Value& text) { return qbt_string{text.GetString(), text.GetStringLength()}; }
}  // namespace

BorrowedValue::BorrowedValue(const rapidjson::Value& json) {
    count(json);
    if (members_used_) members_ = std::make_unique<qbt_member[]>(members_used_);
    if (items_used_) items_ = std::make_unique<qbt_value[]>(items_used_);
    members_used_ = items_used_ = 0;
    fill(root_, json);
}

void BorrowedValue::count(const rapidjson::Value& json) {
    if (json.IsArray()) {
        items_used_ += json.Size();
        for (const auto& item : json.GetArray()) count(item);
    } else if (json.IsObject()) {
        members_used_ += json.MemberCount();
        for (const auto& member : json.GetObject()) count(member.value);
    }
}

// Scalars as abi::OwnedValue gives them (abi::scalar_value).
void BorrowedValue::fill(qbt_value& out, const rapidjson::Value& json) {
    if (abi::scalar_value(json, out)) return;
    if (json.IsString()) {
        out.type = QBT_VALUE_STRING;
        out.as.string = borrow(json);
    } else if (json.IsArray()) {
        // Take the whole range first: nested values take theirs after it.
        qbt_value* items = items_.get() + items_used_;
        items_used_ += json.Size();
        for (rapidjson::SizeType i = 0; i < json.Size(); ++i) fill(items[i], json[i]);
        out.type = QBT_VALUE_ARRAY;
        out.as.array.items = json.Size() ? items : nullptr;
        out.as.array.count = json.Size();
    } else if (json.IsObject()) {
        qbt_member* members = members_.get() + members_used_;
        members_used_ += json.MemberCount();
        size_t i = 0;
        for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it, ++i) {
            members[i].key = borrow(it->name);
            fill(members[i].value, it->value);
        }
        out.type = QBT_VALUE_OBJECT;
        out.as.object.members = json.MemberCount() ? members : nullptr;
        out.as.object.count = json.MemberCount();
    } else {
        out.type = QBT_VALUE_NULL;
    }
}

}  // namespace qbt::engine
