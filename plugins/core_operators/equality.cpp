// `==` and `!=` (see Scalar::equals for what "equal" means across kinds).
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>

#include <string>

namespace qbt::core_operators {

namespace {
template <bool Negate>
class Equality {
public:
    explicit Equality(ValueView expected) : expected_(single(expected), Negate ? "!=" : "==") {}
    // For `!=` this answers "does this item differ" (the host requires every item to).
    bool match(ValueView actual, const qbt_match_context&) const {
        return expected_.equals(actual) != Negate;
    }

private:
    static ValueView single(ValueView expected) {
        if (expected.is_array())
            throw qbt::sdk::Error(QBT_E_INVALID, std::string("operator '") + (Negate ? "!=" : "==") +
                                                     "' compares with one value, got a list (use '" +
                                                     (Negate ? "not_in" : "in") + "' for a list)");
        return expected;
    }
    Scalar expected_;
};
}  // namespace

const qbt_condition_operator equals_operator = qbt::sdk::make_operator<Equality<false>>(
    "==", 0, "equal: numbers numerically (2 == 2.0), strings exactly, booleans as booleans");
const qbt_condition_operator not_equals_operator = qbt::sdk::make_operator<Equality<true>>(
    "!=", QBT_OPERATOR_NEGATIVE, "not equal (for a collection: no item equals the value)");

}  // namespace qbt::core_operators
