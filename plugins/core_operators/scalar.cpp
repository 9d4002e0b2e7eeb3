#include "scalar.hpp"

#include <qbt/cpp/error.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace qbt::core_operators {

namespace {
std::optional<bool> bool_word(std::string_view s) {
    auto equal_nocase = [&](std::string_view word) {
        if (s.size() != word.size()) return false;
        for (size_t i = 0; i < s.size(); ++i)
            if ((s[i] | 0x20) != word[i]) return false;
        return true;
    };
    if (equal_nocase("true")) return true;
    if (equal_nocase("false")) return false;
    return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Doubles the way Python's str() writes them, so `contains: '.5'` behaves as it did.
std::string python_double(double d) {
    std::array<char, 64> buf{};
    const double magnitude = std::fabs(d);
    const bool fixed = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16);
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d,
                                   fixed ? std::chars_format::fixed : std::chars_format::scientific);
    std::string out(buf.data(), ec == std::errc() ? end : buf.data());
    if (fixed && out.find('.') == std::string::npos) out += ".0";
    return out;
}
}  // namespace

std::optional<Number> parse_number(std::string_view text) {
    const size_t digits_at = !text.empty() && text[0] == '-' ? 1 : 0;
    if (text.size() <= digits_at) return std::nullopt;
    const char lead = text[digits_at];
    if (!is_digit(lead) && !(lead == '.' && text.size() > digits_at + 1 && is_digit(text[digits_at + 1])))
        return std::nullopt;  // keeps out "inf", "nan", "+1", " 1", "."
    const char* first = text.data();
    const char* last = text.data() + text.size();
    Number n;
    if (auto [end, ec] = std::from_chars(first, last, n.integer); ec == std::errc() && end == last) {
        n.is_int = true;
        n.real = static_cast<double>(n.integer);
        return n;
    }
    if (auto [end, ec] = std::from_chars(first, last, n.real);
        ec == std::errc() && end == last && std::isfinite(n.real))
        return n;
    return std::nullopt;
}

std::optional<Number> numeric(ValueView value) {
    if (value.is_int()) return Number{true, value.as_int(), static_cast<double>(value.as_int())};
    if (value.is_double()) return Number{false, 0, value.as_number()};
    if (value.is_string()) return parse_number(value.as_string());
    return std::nullopt;
}

int compare(const Number& a, const Number& b) {
    if (a.is_int && b.is_int) return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
    return a.real < b.real ? -1 : a.real > b.real ? 1 : 0;
}

std::optional<std::string> text_of(ValueView value) {
    if (value.is_string()) return std::string(value.as_string());
    if (value.is_int()) return std::to_string(value.as_int());
    if (value.is_double()) return python_double(value.as_number());
    if (value.is_bool()) return std::string(value.as_bool() ? "true" : "false");
    return std::nullopt;
}

std::string describe(ValueView value) {
    if (value.missing()) return "no value";
    if (value.is_null()) return "null";
    if (value.is_array()) return "a list";
    if (value.is_object()) return "a mapping";
    if (value.is_string()) return "the string '" + std::string(value.as_string()) + "'";
    if (value.is_bool()) return std::string("the boolean ") + (value.as_bool() ? "true" : "false");
    return "the number " + *text_of(value);
}

Scalar::Scalar(ValueView value, std::string_view op) {
    if (value.missing() || value.is_array() || value.is_object())
        throw qbt::sdk::Error(QBT_E_INVALID, "operator '" + std::string(op) +
                                                 "' expects a single value (string, number or "
                                                 "boolean), got " + describe(value));
    if (value.is_null()) {
        kind_ = Kind::Null;
    } else if (value.is_bool()) {
        kind_ = Kind::Bool;
        boolean_ = value.as_bool();
    } else if (value.is_number()) {
        kind_ = Kind::Number;
        number_ = numeric(value);
    } else {
        kind_ = Kind::String;
        number_ = parse_number(value.as_string());
        bool_word_ = bool_word(value.as_string());
    }
    text_ = text_of(value).value_or(std::string());
}

bool Scalar::equals(ValueView actual) const {
    switch (kind_) {
        case Kind::Null: return actual.is_null();
        case Kind::Bool:
            if (actual.is_bool()) return actual.as_bool() == boolean_;
            if (actual.is_string()) return bool_word(actual.as_string()) == boolean_;
            return false;
        case Kind::Number: {
            auto n = numeric(actual);
            return n && compare(*n, *number_) == 0;
        }
        case Kind::String:
            if (actual.is_string()) return actual.as_string() == text_;
            if (actual.is_number()) return number_ && compare(*numeric(actual), *number_) == 0;
            if (actual.is_bool()) return bool_word_ && *bool_word_ == actual.as_bool();
            return false;
    }
    return false;
}

std::vector<Scalar> scalar_list(ValueView value, std::string_view op) {
    std::vector<Scalar> out;
    if (!value.is_array()) {
        out.emplace_back(value, op);
        return out;
    }
    out.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i) {
        const ValueView item = value.item(i);
        if (item.is_array() || item.is_object())
            throw qbt::sdk::Error(QBT_E_INVALID, "operator '" + std::string(op) + "': item " +
                                                     std::to_string(i + 1) + " of the list is " +
                                                     describe(item) + "; items must be single values");
        out.emplace_back(item, op);
    }
    return out;
}

}  // namespace qbt::core_operators
