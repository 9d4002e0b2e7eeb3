#include "python_regex.hpp"

#include <cctype>

namespace qbt::core_operators {

namespace {
bool hex_run(std::string_view s, size_t from, size_t count) {
    if (from + count > s.size()) return false;
    for (size_t i = from; i < from + count; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// Length of "{,digits}" at `at`, or 0.
size_t open_lower_bound_at(std::string_view s, size_t at) {
    if (at + 3 > s.size() || s[at] != '{' || s[at + 1] != ',') return 0;
    size_t i = at + 2;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > at + 2 && i < s.size() && s[i] == '}' ? i + 1 - at : 0;
}
}  // namespace

TranslatedPattern translate_python_regex(std::string_view in) {
    TranslatedPattern out;
    auto emit = [&](std::string_view text, size_t origin) {
        out.pcre2 += text;
        out.source_offset.insert(out.source_offset.end(), text.size(), origin);
    };
    bool in_class = false;
    size_t class_start = 0;  // offset of the first byte inside the current [...]
    for (size_t i = 0; i < in.size();) {
        const char c = in[i];
        if (c == '\\' && i + 1 < in.size()) {
            const char e = in[i + 1];
            if (e == 'Z' && !in_class) {
                emit("\\z", i);
                i += 2;
            } else if ((e == 'u' && hex_run(in, i + 2, 4)) || (e == 'U' && hex_run(in, i + 2, 8))) {
                const size_t digits = e == 'u' ? 4 : 8;
                emit("\\x{" + std::string(in.substr(i + 2, digits)) + "}", i);
                i += 2 + digits;
            } else {
                emit(in.substr(i, 2), i);
                i += 2;
            }
            continue;
        }
        if (in_class) {
            // "]" right after "[" or "[^" is a literal, as in Python.
            if (c == ']' && i > class_start) in_class = false;
        } else if (c == '[') {
            in_class = true;
            class_start = i + 1 < in.size() && in[i + 1] == '^' ? i + 2 : i + 1;
        } else if (size_t len = i > 0 ? open_lower_bound_at(in, i) : 0) {
            emit("{0", i);
            emit(in.substr(i + 1, len - 1), i + 1);
            i += len;
            continue;
        }
        emit(in.substr(i, 1), i);
        ++i;
    }
    out.source_offset.push_back(in.size());
    return out;
}

}  // namespace qbt::core_operators
