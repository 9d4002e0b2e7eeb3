#include "server/validation.hpp"

#include "server/params.hpp"
#include "server/reply.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace qbt::server {
namespace {

bool is_context_char(unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::string validate_context(const std::string& value) {
    const bool ok = !value.empty() && value.size() <= 64 &&
                    std::all_of(value.begin(), value.end(),
                                [](char c) { return is_context_char(static_cast<unsigned char>(c)); });
    if (!ok) {
        throw ParamError("context", "parameter \"context\" must be 1 to 64 characters from "
                                    "A-Z a-z 0-9 . _ : - (got " + quote_input(value) + ")");
    }
    return value;
}

std::string validate_hash(const std::string& value) {
    const bool ok = (value.size() == 40 || value.size() == 64) &&
                    std::all_of(value.begin(), value.end(),
                                [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!ok) {
        throw ParamError("hash", "parameter \"hash\" must be a torrent hash of 40 or 64 hex "
                                 "digits (got " + quote_input(value) + ", " +
                                     std::to_string(value.size()) + " characters)");
    }
    return lower(value);
}

bool parse_bool(const std::string& name, const std::string& value) {
    const std::string v = lower(value);
    if (v == "true" || v == "1" || v == "yes") return true;
    if (v == "false" || v == "0" || v == "no") return false;
    throw ParamError(name, "parameter " + quote_input(name) +
                               " must be true/false, 1/0 or yes/no (got " + quote_input(value) + ")");
}

uint64_t parse_count(const std::string& name, const std::string& value) {
    const bool ok = !value.empty() && value.size() <= 18 &&
                    std::all_of(value.begin(), value.end(),
                                [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) {
        throw ParamError(name, "parameter " + quote_input(name) +
                                   " must be a non-negative integer (got " + quote_input(value) + ")");
    }
    return std::stoull(value);
}

std::string validate_status(const std::string& value) {
    static const std::array<const char*, 5> kStatuses = {"pending", "processing", "completed",
                                                         "failed", "cancelled"};
    for (const char* status : kStatuses) {
        if (value == status) return value;
    }
    throw ParamError("status", "parameter \"status\" must be one of pending, processing, "
                               "completed, failed, cancelled (got " + quote_input(value) + ")");
}

}  // namespace qbt::server
