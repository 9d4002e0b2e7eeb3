// Pieces of the Prometheus text exposition format 0.0.4.
#pragma once

#include <string>
#include <string_view>

namespace qbt::metrics {

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

// Label values: backslash, double quote and line feed escaped.
std::string escape_label_value(std::string_view value);
// HELP text: backslash and line feed escaped.
std::string escape_help(std::string_view help);
// 3, 0.25, 1e+30, NaN, +Inf, -Inf.
std::string format_value(double value);

}  // namespace qbt::metrics
