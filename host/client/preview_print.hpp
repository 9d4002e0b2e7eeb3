// A preview answer (POST /api/preview) as a readable table for the terminal.
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace qbt::client {

std::string preview_table(const rapidjson::Value& preview);

}  // namespace qbt::client
