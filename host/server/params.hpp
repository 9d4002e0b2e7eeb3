// Request parameters: Pistache 0.0.5 hands query values over still percent-encoded, and
// form bodies arrive raw, so both are decoded here (application/x-www-form-urlencoded:
// '+' is a space, %XX a byte).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace Pistache::Http::Uri {
class Query;
}

namespace qbt::server {

// A bad request parameter; the router answers 400 {"error": code, "message": what()}.
class ParamError : public std::runtime_error {
public:
    ParamError(std::string parameter, const std::string& message, std::string code = "invalid_parameter")
        : std::runtime_error(message), parameter_(std::move(parameter)), code_(std::move(code)) {}
    const std::string& parameter() const { return parameter_; }
    const std::string& code() const { return code_; }

private:
    std::string parameter_;
    std::string code_;
};

using ParamMap = std::map<std::string, std::string>;

// Decodes %XX and (when plus_is_space) '+'; nullopt when a '%' is not followed by two
// hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);

// "a=1&b=x%20y" -> {a: "1", b: "x y"}. A name without '=' gets "". The first occurrence of
// a repeated name wins. Throws ParamError naming the parameter on bad %-encoding.
ParamMap parse_form(std::string_view body);

// The decoded query parameters of a Pistache request (names and values). A repeated name
// keeps its first value; two spellings of one name with different values throw ParamError.
ParamMap decode_query(const Pistache::Http::Uri::Query& query);

// The value of `name`, if present.
std::optional<std::string> find_param(const ParamMap& params, const std::string& name);

}  // namespace qbt::server
