// qbt_write_fn adapters for std::string (plugin- and host-side helper).
#pragma once

#include <qbt/value.h>

#include <string>

namespace qbt::sdk {

// Pass string_writer as the qbt_write_fn and &some_std_string as its context.
inline int string_writer(void* ctx, const char* data, size_t size) {
    try {
        static_cast<std::string*>(ctx)->append(data, size);
        return 0;
    } catch (...) {
        return -1;
    }
}

// Write a whole std::string through a host writer; false when the writer refused.
inline bool write_all(qbt_write_fn write, void* ctx, const std::string& text) {
    return write(ctx, text.data(), text.size()) == 0;
}

}  // namespace qbt::sdk
