// Validation of API parameter values. Each function throws ParamError naming the
// parameter and what is accepted.
#pragma once

#include <cstdint>
#include <string>

namespace qbt::server {

// [A-Za-z0-9._:-]{1,64}
std::string validate_context(const std::string& value);
// 40 or 64 hex digits, any case; returned lower-case.
std::string validate_hash(const std::string& value);
// true/false/1/0/yes/no, any case.
bool parse_bool(const std::string& name, const std::string& value);
// A non-negative decimal integer (at most 18 digits).
uint64_t parse_count(const std::string& name, const std::string& value);
// pending processing completed failed cancelled
std::string validate_status(const std::string& value);

}  // namespace qbt::server
