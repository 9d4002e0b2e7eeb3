// `older_than` and `newer_than`: the field is a Unix timestamp compared with the job's now.
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>
#include <qbt/cpp/units.hpp>

namespace qbt::core_operators {

namespace {
double parse_duration_value(ValueView expected, const char* op) {
    if (expected.is_number() && expected.as_number() >= 0) return expected.as_number();
    if (expected.is_string())
        if (auto seconds = qbt::sdk::parse_duration(expected.as_string())) return *seconds;
    throw qbt::sdk::Error(
        QBT_E_INVALID,
        std::string("operator '") + op + "': " + describe(expected) +
            " is not a duration; write e.g. '30 days', '12h', '2w' or a number of seconds "
            "(units: second, minute, hour, day, week, month = 30 days, year = 365 days; "
            "short: s, m, h, d, w, mo, y)");
}

template <bool Older>
class Age {
public:
    explicit Age(ValueView expected)
        : seconds_(parse_duration_value(expected, Older ? "older_than" : "newer_than")) {}
    // A timestamp <= 0 means "never" (e.g. completion_on of an unfinished torrent): it is
    // neither older nor newer than anything.
    bool match(ValueView actual, const qbt_match_context& ctx) const {
        auto timestamp = numeric(actual);
        if (!timestamp || timestamp->real <= 0) return false;
        const double age = static_cast<double>(ctx.now) - timestamp->real;
        return Older ? age > seconds_ : age < seconds_;
    }

private:
    double seconds_;
};
}  // namespace

const qbt_condition_operator older_than_operator = qbt::sdk::make_operator<Age<true>>(
    "older_than", 0, "the timestamp field lies further back than the duration ('7 days')");
const qbt_condition_operator newer_than_operator = qbt::sdk::make_operator<Age<false>>(
    "newer_than", 0, "the timestamp field lies less far back than the duration ('12h')");

}  // namespace qbt::core_operators
