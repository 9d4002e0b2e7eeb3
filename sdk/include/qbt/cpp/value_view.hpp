// Read-only C++ view over a borrowed qbt_value (plugin-side helper, header-only).
#pragma once

#include <qbt/value.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace qbt::sdk {

inline std::string_view to_string_view(qbt_string s) {
    return s.size == 0 ? std::string_view{} : std::string_view(s.data, s.size);
}

// A possibly-missing value. Copying is cheap; it never owns what it points to.
class ValueView {
public:
    ValueView() = default;
    explicit ValueView(const qbt_value* value) : value_(value) {}

    bool missing() const { return value_ == nullptr; }
    const qbt_value* raw() const { return value_; }
    qbt_value_type type() const { return value_ ? value_->type : QBT_VALUE_NULL; }

    bool is_null() const { return value_ && value_->type == QBT_VALUE_NULL; }
    bool is_bool() const { return type() == QBT_VALUE_BOOL && value_; }
    bool is_int() const { return value_ && value_->type == QBT_VALUE_INT; }
    bool is_double() const { return value_ && value_->type == QBT_VALUE_DOUBLE; }
    bool is_number() const { return is_int() || is_double(); }
    bool is_string() const { return value_ && value_->type == QBT_VALUE_STRING; }
    bool is_array() const { return value_ && value_->type == QBT_VALUE_ARRAY; }
    bool is_object() const { return value_ && value_->type == QBT_VALUE_OBJECT; }

    bool as_bool() const { return value_->as.boolean != 0; }
    int64_t as_int() const { return value_->as.integer; }
    double as_number() const {
        return value_->type == QBT_VALUE_INT ? static_cast<double>(value_->as.integer)
                                             : value_->as.number;
    }
    std::string_view as_string() const { return to_string_view(value_->as.string); }

    // Number of array items or object members; 0 for scalars.
    size_t size() const {
        if (is_array()) return value_->as.array.count;
        if (is_object()) return value_->as.object.count;
        return 0;
    }
    ValueView item(size_t index) const {
        return is_array() && index < value_->as.array.count
                   ? ValueView(&value_->as.array.items[index])
                   : ValueView();
    }
    std::string_view key_at(size_t index) const {
        return to_string_view(value_->as.object.members[index].key);
    }
    ValueView value_at(size_t index) const {
        return ValueView(&value_->as.object.members[index].value);
    }
    // Object member by key; missing() when absent or when this is not an object.
    ValueView get(std::string_view key) const {
        if (!is_object()) return ValueView();
        for (size_t i = 0; i < value_->as.object.count; ++i)
            if (to_string_view(value_->as.object.members[i].key) == key)
                return ValueView(&value_->as.object.members[i].value);
        return ValueView();
    }

    // Compact text for messages: strings as-is, numbers and bools as written.
    std::string to_text() const {
        switch (type()) {
            case QBT_VALUE_BOOL: return as_bool() ? "true" : "false";
            case QBT_VALUE_INT: return std::to_string(as_int());
            case QBT_VALUE_DOUBLE: {
                std::string s = std::to_string(as_number());
                while (s.size() > 1 && s.back() == '0') s.pop_back();
                if (!s.empty() && s.back() == '.') s.pop_back();
                return s;
            }
            case QBT_VALUE_STRING: return std::string(as_string());
            case QBT_VALUE_ARRAY: return "[list]";
            case QBT_VALUE_OBJECT: return "{object}";
            default: return missing() ? "(missing)" : "null";
        }
    }

private:
    const qbt_value* value_ = nullptr;
};

}  // namespace qbt::sdk
