// Pretty-printing of the server's JSON answers for the terminal.
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace qbt::client {

std::string pretty(const rapidjson::Value& value);
// Parses a server answer; ClientError when it is not a JSON object.
rapidjson::Document parse_answer(const std::string& body);

}  // namespace qbt::client
