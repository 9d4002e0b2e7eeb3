// `in` and `not_in`: the field equals (as `==` does) one of the listed values.
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/operator.hpp>

namespace qbt::core_operators {

namespace {
template <bool Negate>
class Membership {
public:
    explicit Membership(ValueView expected)
        : options_(scalar_list(expected, Negate ? "not_in" : "in")) {}
    // For `not_in` this answers "is this item none of them".
    bool match(ValueView actual, const qbt_match_context&) const {
        bool found = false;
        for (const Scalar& option : options_)
            if (option.equals(actual)) {
                found = true;
                break;
            }
        return found != Negate;
    }

private:
    std::vector<Scalar> options_;
};
}  // namespace

const qbt_condition_operator in_operator = qbt::sdk::make_operator<Membership<false>>(
    "in", 0, "the field equals one of the listed values (a single value: a one-item list)");
const qbt_condition_operator not_in_operator = qbt::sdk::make_operator<Membership<true>>(
    "not_in", QBT_OPERATOR_NEGATIVE,
    "the field equals none of the listed values (for a collection: no item does)");

}  // namespace qbt::core_operators
