// Define a condition operator as a C++ class (plugin-side helper).
//
//   struct Equals {
//       explicit Equals(qbt::sdk::ValueView expected);            // throw Error on bad value
//       bool match(qbt::sdk::ValueView actual, const qbt_match_context& ctx) const;
//   };
//   static const qbt_condition_operator equals =
//       qbt::sdk::make_operator<Equals>("==", 0, "equality");
#pragma once

#include <qbt/condition.h>
#include <qbt/cpp/error.hpp>
#include <qbt/cpp/value_view.hpp>

namespace qbt::sdk {

namespace detail {
template <class Op>
int operator_compile(const qbt_value* expected, void** state, qbt_error* err) {
    return guard(err, [&] {
        *state = new Op(ValueView(expected));
        return QBT_OK;
    });
}
template <class Op>
int operator_match(const void* state, const qbt_value* actual, const qbt_match_context* ctx,
                   qbt_error* err) {
    return guard(err, [&] {
        if (ctx == nullptr) throw Error(QBT_E_INVALID, "match() called without a match context");
        return static_cast<const Op*>(state)->match(ValueView(actual), *ctx) ? 1 : 0;
    });
}
template <class Op>
void operator_release(void* state) {
    delete static_cast<Op*>(state);
}
}  // namespace detail

template <class Op>
constexpr qbt_condition_operator make_operator(const char* name, uint32_t flags,
                                               const char* description) {
    return qbt_condition_operator{sizeof(qbt_condition_operator), name, flags, description,
                                  &detail::operator_compile<Op>, &detail::operator_match<Op>,
                                  &detail::operator_release<Op>};
}

}  // namespace qbt::sdk
