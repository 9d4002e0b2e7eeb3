// Force-included (gcc/clang -include) before anything else into every file compiled with
// spdlog_dep: see meson.build here. Not a header to include by hand.
//
// spdlog 1.10's logger formats each message with fmt::detail::vformat_to<char>, a template
// that fmt 9 defines in <fmt/format.h> without an extern declaration, so every file that
// logs compiled and optimised fmt's whole formatting engine again (about 40 KB of code:
// integer, float and escaped-string writers). libfmt.so already holds that instance, so
// declaring it extern makes every file use libfmt's copy: a logging file compiles in about
// half the time, and the program does the same thing (same package, same code).
#pragma once
#include <fmt/format.h>

#if FMT_VERSION >= 90000 && FMT_VERSION < 100000 && !defined(FMT_HEADER_ONLY)
FMT_BEGIN_NAMESPACE
namespace detail {
extern template FMT_API void vformat_to<char>(buffer<char>&, basic_string_view<char>,
                                              basic_format_args<buffer_context<type_identity_t<char>>>,
                                              locale_ref);
}  // namespace detail
FMT_END_NAMESPACE
#endif
