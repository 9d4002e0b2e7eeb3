/* The ABI witness: a plain C99 plugin built ONLY from the installed SDK (pkg-config
 * qbt-rules-sdk, tests/abi/installed_sdk_test.sh) that implements every callback the
 * headers document: an operator (witness_is, and its negative witness_is_not), two actions
 * (witness_tag with execute_batch, is_satisfied and effect; witness_tag_v10 with the 1.0
 * execute; witness_remove and witness_move through the 1.2 file services, executed in
 * dry runs too), a queue backend "witness" with group support and declared settings, and uses
 * every host service. tests/abi/witness_test.cpp drives it through the host. */
#ifndef WITNESS_H
#define WITNESS_H

/* POSIX clocks and threads under -std=c99 (every file includes this header first). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <qbt/qbt.h>

#include <stddef.h>

extern const qbt_host* witness_host;

/* host->log at `level` (a no-op before init). */
void witness_log(qbt_log_level level, const char* text);

/* malloc'd copies (NULL on allocation failure). */
char* witness_strndup(const char* text, size_t size);
char* witness_strdup(const char* text);

/* A JSON object text with top-level member `key` set to `json_value` (added first, any
 * old one removed); malloc'd, NULL when `doc` is not an object. */
char* json_set(const char* doc, const char* key, const char* json_value);
/* The raw text of a top-level member's value, or NULL; *size receives its length. */
const char* json_get(const char* doc, const char* key, size_t* size);
long long json_get_int(const char* doc, const char* key, long long fallback);
/* `text` as a JSON string (quotes, escapes); malloc'd. */
char* json_quote(const char* text, size_t size);

/* A qbt_value object's member, or NULL. */
const qbt_value* value_member(const qbt_value* object, const char* key);

extern const qbt_condition_operator witness_is, witness_is_not;
extern const qbt_action witness_tag, witness_tag_v10;
extern const qbt_action witness_remove, witness_move; /* 1.2 file services */
extern const qbt_queue_backend witness_backend;

#endif
