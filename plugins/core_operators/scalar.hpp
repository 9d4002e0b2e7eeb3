// Shared value handling of the core operators: numbers hidden in strings, the text of a
// value, and an owned copy of a rule's expected scalar with the `==` semantics.
#pragma once

#include <qbt/cpp/value_view.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::core_operators {

using qbt::sdk::ValueView;

// A number that remembers whether it was an integer, so that large integers (sizes,
// timestamps) compare exactly instead of through double rounding.
struct Number {
    bool is_int = false;
    int64_t integer = 0;
    double real = 0;
};

// "12", "-3", "1.5", "2e3" -> Number; anything else (spaces, "+1", hex, inf, "") -> nullopt.
std::optional<Number> parse_number(std::string_view text);

// The number a value stands for: numbers as they are, strings that are wholly a number
// (qBittorrent sends some numbers as strings; `${vars.x}` may yield "1.0"). Bools,
// null, lists and objects are not numbers.
std::optional<Number> numeric(ValueView value);

// -1, 0 or 1.
int compare(const Number& a, const Number& b);

// The text `contains`/`matches` look at: strings as they are, integers in decimal,
// doubles as Python prints them ("1.0", "0.25"), bools "true"/"false". nullopt for
// null, lists and objects (they have no text, so they contain nothing).
std::optional<std::string> text_of(ValueView value);

// What a value is, for error messages: "a list", "the string 'abc'", ...
std::string describe(ValueView value);

// An owned copy of one expected scalar (rules' values must not be borrowed past compile).
// equals() is the meaning of `==`, shared by `in`:
//  - numbers compare numerically (2 == 2.0), also against a string that is wholly a
//    number on the other side (`value: '2'` matches the number 2, `value: 2` matches
//    the string "2.0"); two strings always compare as text, exactly;
//  - booleans compare as booleans, also against the strings "true"/"false" (any case);
//  - null equals only null;
//  - anything else (a number vs a non-numeric string, a bool vs a number, an object)
//    is not equal.
class Scalar {
public:
    // Throws Error(QBT_E_INVALID) naming `op` when `value` is missing, a list or an object.
    Scalar(ValueView value, std::string_view op);

    bool equals(ValueView actual) const;
    const std::string& text() const { return text_; }  // as rendered by text_of()

private:
    enum class Kind { Null, Bool, Number, String } kind_;
    bool boolean_ = false;
    std::optional<Number> number_;  // also set for numeric strings
    std::optional<bool> bool_word_; // set for the strings "true"/"false"
    std::string text_;
};

// The expected value of `in`, `not_in`, `contains`, `not_contains`: a list of scalars, or
// one scalar read as a one-item list. Throws naming `op` on nested lists or objects.
std::vector<Scalar> scalar_list(ValueView value, std::string_view op);

}  // namespace qbt::core_operators
