// `contains` and `not_contains`: substring of the field's text, any of a list.
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace qbt::core_operators {

namespace {
template <bool Negate>
class Contains {
public:
    explicit Contains(ValueView expected) {
        const char* op = Negate ? "not_contains" : "contains";
        for (size_t i = 0; i < std::max<size_t>(expected.size(), 1); ++i)
            if ((expected.is_array() ? expected.item(i) : expected).is_null())
                throw qbt::sdk::Error(QBT_E_INVALID, std::string("operator '") + op +
                                                         "' needs text to look for, got null");
        for (const Scalar& s : scalar_list(expected, op)) needles_.push_back(s.text());
    }
    // For `not_contains` this answers "does this item contain none of them". A value with
    // no text (null, list, object) contains nothing.
    bool match(ValueView actual, const qbt_match_context&) const {
        return contains_any(actual) != Negate;
    }

private:
    bool contains_any(ValueView actual) const {
        const auto text = text_of(actual);
        if (!text) return false;
        for (const std::string& needle : needles_)
            if (text->find(needle) != std::string::npos) return true;
        return false;
    }
    std::vector<std::string> needles_;
};
}  // namespace

const qbt_condition_operator contains_operator = qbt::sdk::make_operator<Contains<false>>(
    "contains", 0, "the field's text contains the value (a list: any of them), case-sensitive");
const qbt_condition_operator not_contains_operator = qbt::sdk::make_operator<Contains<true>>(
    "not_contains", QBT_OPERATOR_NEGATIVE,
    "the field's text contains none of the values (for a collection: no item does)");

}  // namespace qbt::core_operators
