/* Error codes and the error buffer that crosses the ABI.
 *
 * Every ABI function that can fail returns int: 0 (QBT_OK) or a positive "answer"
 * documented at the function (e.g. 1 = matched / found), or a negative QBT_E_* code.
 * On failure the callee fills the host-owned qbt_error (code + NUL-terminated UTF-8
 * message, truncated to fit). The buffer is only valid during the call.
 */
#ifndef QBT_ERROR_H
#define QBT_ERROR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>

#include "export.h"

QBT_BEGIN_DECLS

typedef int32_t qbt_status;

#define QBT_OK 0
#define QBT_E_INVALID (-1)      /* bad argument or parameter value (the message names it) */
#define QBT_E_NOT_FOUND (-2)    /* no such job / torrent / factory */
#define QBT_E_STATE (-3)        /* wrong state, e.g. cancelling a job that is not pending */
#define QBT_E_IO (-4)           /* storage or network failure; retrying later may work */
#define QBT_E_UNAVAILABLE (-5)  /* backend or service down (health check answers 503) */
#define QBT_E_UNSUPPORTED (-6)  /* the host or server lacks a needed capability */
#define QBT_E_INTERNAL (-7)     /* bug or unexpected exception inside the callee */
#define QBT_E_TIMEOUT (-8)      /* a bounded operation ran out of time */
#define QBT_E_LIMIT (-9)        /* a configured limit was hit (e.g. regex match limit) */

#define QBT_ERROR_MESSAGE_SIZE 256

typedef struct qbt_error {
    int32_t code;
    char message[QBT_ERROR_MESSAGE_SIZE];
} qbt_error;

/* Fill err (may be NULL) and return code: `return qbt_error_set(err, QBT_E_INVALID, "...", ...);` */
static inline int qbt_error_set(qbt_error* err, int code, const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static inline int qbt_error_set(qbt_error* err, int code, const char* fmt, ...) {
    if (err != NULL) {
        va_list args;
        va_start(args, fmt);
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, args);
        va_end(args);
    }
    return code;
}

/* A stable English name for a code, for logs. */
static inline const char* qbt_status_name(int code) {
    switch (code) {
        case QBT_OK: return "ok";
        case QBT_E_INVALID: return "invalid";
        case QBT_E_NOT_FOUND: return "not found";
        case QBT_E_STATE: return "wrong state";
        case QBT_E_IO: return "i/o error";
        case QBT_E_UNAVAILABLE: return "unavailable";
        case QBT_E_UNSUPPORTED: return "unsupported";
        case QBT_E_INTERNAL: return "internal error";
        case QBT_E_TIMEOUT: return "timeout";
        case QBT_E_LIMIT: return "limit reached";
        default: return code > 0 ? "ok" : "error";
    }
}

QBT_END_DECLS

#endif
