// `>`, `<`, `>=`, `<=`: numeric comparison; a field that is not a number never matches.
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>

namespace qbt::core_operators {

namespace {
enum class Relation { Greater, Less, GreaterEqual, LessEqual };

constexpr const char* symbol(Relation r) {
    switch (r) {
        case Relation::Greater: return ">";
        case Relation::Less: return "<";
        case Relation::GreaterEqual: return ">=";
        case Relation::LessEqual: return "<=";
    }
    return "?";
}

template <Relation R>
class Comparison {
public:
    // The expected value is known at load (vars are already substituted), so a
    // non-numeric one is a mistake in the rules file, reported then.
    explicit Comparison(ValueView expected) {
        auto n = numeric(expected);
        if (!n)
            throw qbt::sdk::Error(QBT_E_INVALID, std::string("operator '") + symbol(R) +
                                                     "' expects a number (or a numeric string), got " +
                                                     describe(expected));
        expected_ = *n;
    }
    bool match(ValueView actual, const qbt_match_context&) const {
        auto n = numeric(actual);
        if (!n) return false;
        const int c = compare(*n, expected_);
        switch (R) {
            case Relation::Greater: return c > 0;
            case Relation::Less: return c < 0;
            case Relation::GreaterEqual: return c >= 0;
            case Relation::LessEqual: return c <= 0;
        }
        return false;
    }

private:
    Number expected_;
};

template <Relation R>
constexpr qbt_condition_operator comparison(const char* description) {
    return qbt::sdk::make_operator<Comparison<R>>(symbol(R), 0, description);
}
}  // namespace

const qbt_condition_operator greater_operator =
    comparison<Relation::Greater>("numerically greater than the value");
const qbt_condition_operator less_operator =
    comparison<Relation::Less>("numerically less than the value");
const qbt_condition_operator greater_equal_operator =
    comparison<Relation::GreaterEqual>("numerically greater than or equal to the value");
const qbt_condition_operator less_equal_operator =
    comparison<Relation::LessEqual>("numerically less than or equal to the value");

}  // namespace qbt::core_operators
