/* Condition operators ("qbt.condition-operator/1"): `field <operator> value` in rules.
 *
 * The host resolves the field, and handles collections and missing data itself:
 *  - a positive operator holds for a collection when ANY item matches; a negative one
 *    (QBT_OPERATOR_NEGATIVE) when EVERY item matches; an empty collection makes
 *    positive operators false and negative ones true;
 *  - a missing field matches only negative operators (match() is not called);
 * so match() always receives one present scalar or object value.
 *
 * Threads: every function below may be called from the job worker, the preview thread
 * and HTTP threads (entry.h, "Threads"): never two calls into one plugin at once unless
 * the plugin declares QBT_PLUGIN_THREAD_SAFE.
 */
#ifndef QBT_CONDITION_H
#define QBT_CONDITION_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "export.h"
#include "value.h"

QBT_BEGIN_DECLS

#define QBT_CONDITION_OPERATOR_FACTORY_ID "qbt.condition-operator/1"

#define QBT_OPERATOR_NEGATIVE 0x1u /* "!=", "not_in", "not_contains": every item must match */

/* Per-evaluation facts, identical for every torrent of one job. */
typedef struct qbt_match_context {
    uint32_t struct_size; /* sizeof(qbt_match_context) */
    int64_t now;          /* Unix seconds at the start of the job */
} qbt_match_context;

typedef struct qbt_condition_operator {
    uint32_t struct_size; /* sizeof(qbt_condition_operator) */
    const char* name;     /* as written in rules: "==", "matches", "older_than" */
    uint32_t flags;       /* QBT_OPERATOR_* */
    const char* description;

    /* Compile the rule's expected value once, at rule load. On error return a negative
     * code and say what is wrong with the value in err (the host adds rule name and
     * file:line). *state is plugin-owned until release(); it must not keep pointers
     * into `expected`. Called when rules.yml is loaded or reloaded, on whichever thread
     * notices the change (worker, preview or HTTP thread). */
    int (*compile)(const qbt_value* expected, void** state, qbt_error* err);

    /* Match one value: 1 = holds, 0 = does not, negative = error (e.g. QBT_E_LIMIT when
     * a regex hit its match limit; the host logs it and treats the condition as not
     * holding). Called for jobs on the worker thread and for previews on the preview
     * thread, with the same state: it must not modify state (with QBT_PLUGIN_THREAD_SAFE
     * two calls may read it at once). */
    int (*match)(const void* state, const qbt_value* actual, const qbt_match_context* ctx,
                 qbt_error* err);

    /* Optional. Frees a compiled state when the last job or preview using its rules
     * ended (any thread). */
    void (*release)(void* state);
} qbt_condition_operator;

typedef struct qbt_condition_operator_factory {
    uint32_t struct_size;
    uint32_t count;
    const qbt_condition_operator* const* operators;
} qbt_condition_operator_factory;

QBT_END_DECLS

#endif
