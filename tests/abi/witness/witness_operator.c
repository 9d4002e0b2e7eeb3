/* witness_is / witness_is_not: string equality with a compiled copy of the expected text.
 * match() gets one present scalar: a string is compared, anything else does not hold. */
#include "witness.h"

#include <stdlib.h>
#include <string.h>

static int is_compile(const qbt_value* expected, void** state, qbt_error* err) {
    if (expected->type != QBT_VALUE_STRING)
        return qbt_error_set(err, QBT_E_INVALID, "operator 'witness_is' expects a string");
    /* The expected value is borrowed for this call only: copy it. */
    char* copy = witness_strndup(expected->as.string.data, expected->as.string.size);
    if (!copy) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    *state = copy;
    return QBT_OK;
}

static int is_match(const void* state, const qbt_value* actual, const qbt_match_context* ctx, qbt_error* err) {
    if (!ctx || ctx->struct_size < sizeof(qbt_match_context) || ctx->now <= 0)
        return qbt_error_set(err, QBT_E_INVALID, "no match context");
    if (actual->type != QBT_VALUE_STRING) return 0;
    const char* expected = state;
    return strlen(expected) == actual->as.string.size &&
           memcmp(expected, actual->as.string.data, actual->as.string.size) == 0;
}

static int is_not_match(const void* state, const qbt_value* actual, const qbt_match_context* ctx, qbt_error* err) {
    const int equal = is_match(state, actual, ctx, err);
    return equal < 0 ? equal : !equal;
}

static void is_release(void* state) { free(state); }

const qbt_condition_operator witness_is = {sizeof(qbt_condition_operator), "witness_is", 0, "equal text",
                                           is_compile, is_match, is_release};
/* Negative: the host asks every item of a collection (and a missing field holds). */
const qbt_condition_operator witness_is_not = {sizeof(qbt_condition_operator), "witness_is_not",
                                               QBT_OPERATOR_NEGATIVE, "other text", is_compile,
                                               is_not_match, is_release};
