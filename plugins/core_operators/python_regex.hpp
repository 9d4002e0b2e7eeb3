// Python `re` pattern syntax -> PCRE2 syntax, for the few cheap differences.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::core_operators {

struct TranslatedPattern {
    std::string pcre2;                // the pattern to hand to pcre2_compile
    std::vector<size_t> source_offset; // for each byte of pcre2 (and one past it): offset in the Python pattern
};

// Rewrites what PCRE2 reads differently from Python:
//  - `\Z` (Python: end of string) -> `\z` (PCRE2's `\Z` also matches before a final newline);
//  - `\uXXXX`, `\UXXXXXXXX` -> `\x{...}` (PCRE2 has no \u / \U escapes);
//  - `{,n}` -> `{0,n}` (PCRE2 10.42 reads `{,n}` as literal text).
// Everything PCRE2 already shares with Python (`(?P<name>...)`, `(?P=name)`, `(?i)`,
// lookarounds, ...) passes through unchanged.
TranslatedPattern translate_python_regex(std::string_view python);

}  // namespace qbt::core_operators
