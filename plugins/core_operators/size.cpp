// `larger_than` and `smaller_than`: the field is a number of bytes.
#include "operators.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>
#include <qbt/cpp/units.hpp>

namespace qbt::core_operators {

namespace {
double parse_size_value(ValueView expected, const char* op) {
    if (expected.is_number() && expected.as_number() >= 0) return expected.as_number();
    if (expected.is_string())
        if (auto bytes = qbt::sdk::parse_size(expected.as_string())) return *bytes;
    throw qbt::sdk::Error(
        QBT_E_INVALID,
        std::string("operator '") + op + "': " + describe(expected) +
            " is not a size; write e.g. '1.5 GB', '700 MiB', '100 Mb' or a number of bytes "
            "(kB/MB/GB/TB = 1000^n, KiB/MiB/GiB/TiB = 1024^n, B = bytes, b = bits)");
}

template <bool Larger>
class Size {
public:
    explicit Size(ValueView expected)
        : bytes_(parse_size_value(expected, Larger ? "larger_than" : "smaller_than")) {}
    // A negative byte count is qBittorrent's "unknown/unlimited" (-1), not a size: it
    // matches neither operator, so missing data cannot select a torrent.
    bool match(ValueView actual, const qbt_match_context&) const {
        auto bytes = numeric(actual);
        if (!bytes || bytes->real < 0) return false;
        return Larger ? bytes->real > bytes_ : bytes->real < bytes_;
    }

private:
    double bytes_;
};
}  // namespace

const qbt_condition_operator larger_than_operator = qbt::sdk::make_operator<Size<true>>(
    "larger_than", 0, "the byte-count field is strictly larger than the size ('1.5 GB')");
const qbt_condition_operator smaller_than_operator = qbt::sdk::make_operator<Size<false>>(
    "smaller_than", 0, "the byte-count field is strictly smaller than the size ('700 MiB')");

}  // namespace qbt::core_operators
