// Minimal bencode writer: just what .torrent files need. Dictionary keys must be
// appended in sorted (raw byte) order by the caller.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qbt::testing::bencode {

inline void put_string(std::string& out, std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out.append(text);
}

inline void put_int(std::string& out, int64_t value) {
    out += 'i';
    out += std::to_string(value);
    out += 'e';
}

}  // namespace qbt::testing::bencode
