// A qbt_value tree that owns its storage, built from RapidJSON (host side).
// The host hands `root()` to plugins as a borrowed value.
#pragma once

#include <qbt/value.h>

#include <rapidjson/document.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::abi {

class OwnedValue {
public:
    OwnedValue();  // null
    explicit OwnedValue(const rapidjson::Value& json);
    static OwnedValue from_json_text(std::string_view text);  // throws std::invalid_argument

    OwnedValue(OwnedValue&&) noexcept = default;
    OwnedValue& operator=(OwnedValue&&) noexcept = default;
    OwnedValue(const OwnedValue&) = delete;
    OwnedValue& operator=(const OwnedValue&) = delete;

    const qbt_value* root() const { return root_.get(); }

private:
    void fill(qbt_value& out, const rapidjson::Value& json);
    qbt_string keep(std::string_view text);

    std::unique_ptr<qbt_value> root_;
    std::deque<std::string> strings_;                  // stable addresses
    std::deque<std::vector<qbt_value>> arrays_;
    std::deque<std::vector<qbt_member>> objects_;
};

// The qbt_value of a JSON null, bool or number (an integer beyond int64 becomes a double);
// false for strings, arrays and objects, which each builder stores its own way.
bool scalar_value(const rapidjson::Value& json, qbt_value& out);

// Convert a borrowed qbt_value back into RapidJSON (deep copy into `allocator`).
rapidjson::Value to_json(const qbt_value* value, rapidjson::Document::AllocatorType& allocator);

// Serialize a borrowed qbt_value as compact JSON text.
std::string to_json_text(const qbt_value* value);

// A scalar qbt_value viewing a RapidJSON scalar without copying (strings point into
// the JSON value, which must outlive the result). Arrays/objects come back as null.
qbt_value scalar_view(const rapidjson::Value& json);

}  // namespace qbt::abi
