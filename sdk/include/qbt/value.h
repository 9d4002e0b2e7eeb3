/* The tagged value that carries data across the ABI (torrent fields, rule values,
 * action params, plugin config).
 *
 * Ownership: a qbt_value handed to a callee is BORROWED and read-only; it and
 * everything it points to (strings, items, members) stay valid only for the duration
 * of that call unless the function's documentation says otherwise (e.g. a rule's
 * compiled state may not keep pointers into the expected value: copy what you need).
 * Strings are UTF-8, not necessarily NUL-terminated: always use size.
 */
#ifndef QBT_VALUE_H
#define QBT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

QBT_BEGIN_DECLS

typedef int32_t qbt_value_type;
#define QBT_VALUE_NULL 0
#define QBT_VALUE_BOOL 1
#define QBT_VALUE_INT 2    /* int64_t */
#define QBT_VALUE_DOUBLE 3
#define QBT_VALUE_STRING 4
#define QBT_VALUE_ARRAY 5
#define QBT_VALUE_OBJECT 6

typedef struct qbt_string {
    const char* data; /* may be NULL when size == 0 */
    size_t size;
} qbt_string;

struct qbt_member;

typedef struct qbt_value {
    qbt_value_type type;
    union {
        int32_t boolean; /* 0 or 1 */
        int64_t integer;
        double number;
        qbt_string string;
        struct {
            const struct qbt_value* items;
            size_t count;
        } array;
        struct {
            const struct qbt_member* members; /* in document order; keys unique */
            size_t count;
        } object;
    } as;
} qbt_value;

typedef struct qbt_member {
    qbt_string key;
    qbt_value value;
} qbt_member;

/* Output channel: the callee writes bytes (e.g. a JSON document) through the host's
 * writer, so no allocation crosses the boundary. Returns 0 on success, negative to
 * ask the writer's caller to stop (the callee should then return QBT_E_IO). */
typedef int (*qbt_write_fn)(void* writer_ctx, const char* data, size_t size);

QBT_END_DECLS

#endif
