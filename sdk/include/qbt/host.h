/* Services the host offers every plugin. The host passes a `const qbt_host*` to
 * the plugin's init(); the table and its functions stay valid until deinit().
 * All functions are thread-safe. Members may be appended in later minor versions:
 * check with QBT_HAS_MEMBER(host, qbt_host, member) before using one added after 1.0.
 *
 * Files on disk (1.2): the host guards every removal and move of torrent data. A file
 * another torrent still uses (same path, or the same file through a hard link, on any
 * configured qBittorrent instance that shares the disk) is never deleted or moved:
 * remove_torrents() and move_torrents() apply that guard, and qbt_request() routes a
 * raw `torrents/delete` with deleteFiles=true and a raw `torrents/setLocation` through
 * the same guard, so no plugin can bypass it.
 */
#ifndef QBT_HOST_H
#define QBT_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "export.h"
#include "value.h"

QBT_BEGIN_DECLS

typedef int32_t qbt_log_level;
#define QBT_LOG_TRACE 0
#define QBT_LOG_DEBUG 1
#define QBT_LOG_INFO 2
#define QBT_LOG_WARN 3
#define QBT_LOG_ERROR 4

/* A connection to one qBittorrent instance, owned by the host. Opaque to plugins;
 * valid for the duration of the call that handed it out (an action's execute). */
typedef struct qbt_client qbt_client;

/* The execute() call a host service is asked from (defined in action.h). */
struct qbt_action_call;

/* One qBittorrent Web API request made through the host's authenticated client. */
typedef struct qbt_api_request {
    uint32_t struct_size;   /* sizeof(qbt_api_request) */
    const char* method;     /* "GET" or "POST" */
    const char* endpoint;   /* below /api/v2/, e.g. "torrents/addTags" */
    const char* query;      /* url-encoded "a=1&b=2" or NULL */
    const char* form;       /* url-encoded POST body or NULL */
} qbt_api_request;

/* Version of the qBittorrent Web API behind a client ("2.8.19" -> 2, 8, 19). */
typedef struct qbt_api_version {
    int32_t major, minor, patch;
} qbt_api_version;

/* 1.2: what remove_torrents() does with the data when the host has a recycle bin
 * (config `engine.recycle_bin.dir`). */
typedef int32_t qbt_recycle_mode;
#define QBT_RECYCLE_DEFAULT 0 /* into the recycle bin when one is configured, else deleted */
#define QBT_RECYCLE_NEVER 1   /* deleted for good even when a recycle bin is configured */

/* 1.2: torrents to remove from qBittorrent (remove_torrents). Borrowed for the call. */
typedef struct qbt_remove_request {
    uint32_t struct_size;      /* sizeof(qbt_remove_request) */
    const qbt_string* hashes;  /* `count` API hashes (info.hash) of the call's instance */
    size_t count;
    int32_t delete_files;      /* 1: remove the data too (files no other torrent uses) */
    int32_t include_cross_seeds; /* 1: remove every torrent sharing a file with one of
                                    these (transitively, any instance) together: the whole
                                    group or none of it; the group counts against the
                                    delete caps */
    qbt_recycle_mode recycle;  /* QBT_RECYCLE_DEFAULT or QBT_RECYCLE_NEVER */
} qbt_remove_request;

/* 1.2: torrents to move to another save path (move_torrents). Borrowed for the call. */
typedef struct qbt_move_request {
    uint32_t struct_size;      /* sizeof(qbt_move_request) */
    const qbt_string* hashes;  /* `count` API hashes of the call's instance */
    size_t count;
    const char* location;      /* the new save path as qBittorrent sees it, for every
                                  torrent; NULL when `locations` is given */
    const char* const* locations; /* NULL, or `count` paths: one per torrent */
} qbt_move_request;

typedef struct qbt_host {
    uint32_t struct_size;   /* sizeof(qbt_host) as the host knows it */
    uint32_t abi_major;     /* the host's QBT_ABI_MAJOR */
    uint32_t abi_minor;     /* the host's QBT_ABI_MINOR */
    const char* host_version; /* e.g. "0.1.0", static */

    /* Log one line, attributed to the plugin. `message` is NUL-terminated. */
    void (*log)(const struct qbt_host* host, qbt_log_level level, const char* message);

    /* The plugin's own configuration section (config.yml `plugins.config.<plugin id>`)
     * written as a JSON object through `write`. Writes "{}" when there is none. */
    int (*get_config)(const struct qbt_host* host, qbt_write_fn write, void* writer_ctx);

    /* Call the qBittorrent Web API through the host's authenticated client (login,
     * re-login on 403, TLS, timeouts and basic auth are the host's business).
     * Guarded (1.2): POST `torrents/delete` with deleteFiles=true runs as
     * remove_torrents (delete_files, default recycling) and POST `torrents/setLocation`
     * as move_torrents; they answer HTTP 200 when every torrent was done, else 409 with a
     * text naming each torrent left alone and why (`hashes=all` with deleteFiles=true is
     * refused: name the torrents). In a dry-run call (call->dry_run) every method but GET
     * is refused with QBT_E_STATE.
     * The response body is streamed to `write`; *http_status receives the status.
     * Returns QBT_OK when a response arrived (even non-2xx: check http_status), else
     * a negative code with err filled (unreachable, timeout, login failed). */
    int (*qbt_request)(const struct qbt_host* host, qbt_client* client,
                       const qbt_api_request* request, qbt_write_fn write, void* writer_ctx,
                       int32_t* http_status, qbt_error* err);

    /* The Web API version of the instance behind `client` (cached by the host). */
    int (*qbt_api_version)(const struct qbt_host* host, qbt_client* client,
                           qbt_api_version* version, qbt_error* err);

    /* Opaque host data; plugins never touch it. */
    void* host_data;

    /* ---- 1.2 (check QBT_HAS_MEMBER(host, qbt_host, remove_torrents)) ---- */

    /* Remove torrents from qBittorrent, keeping every file another torrent still uses.
     * With delete_files, a file shared with another torrent (same path or same inode,
     * any instance sharing the disk) is kept; the torrent is removed and its other files
     * are deleted, or moved into the recycle bin when one is configured and
     * request->recycle is QBT_RECYCLE_DEFAULT; empty folders left in its content folder
     * go too. A torrent whose files cannot be judged (a path unreadable, another
     * instance unreachable, the file list unknown) is not removed at all. The job's
     * result and audit list the files kept and for which torrents.
     * Caps: each removed torrent (and each extra member of an include_cross_seeds group)
     * counts against engine.max_deletes_per_job and the rule's max_deletes; a group that
     * does not fit is not started (its torrents fail with QBT_E_LIMIT).
     * Dry run (call->dry_run = 1): plans and records what would be removed, kept and
     * recycled, changes nothing, and fills the results as if it had run.
     * `call` must be the execute() call in progress; call it from the thread that runs
     * that execute(), only during it. results[i] (count entries, host-filled) gets QBT_OK
     * or a negative code for hashes[i] (QBT_E_STATE: refused by the guard, QBT_E_LIMIT:
     * over a cap, QBT_E_NOT_FOUND: no such torrent, QBT_E_IO: qBittorrent or the disk
     * failed); the reason is in the job's audit. Returns QBT_OK when results are filled,
     * else a negative code with err filled (the whole request failed). */
    int (*remove_torrents)(const struct qbt_host* host, const struct qbt_action_call* call,
                           const qbt_remove_request* request, int32_t* results, qbt_error* err);

    /* Move torrents to another save path (qBittorrent moves the data, `setLocation`).
     * A torrent sharing a file with another torrent is not moved (QBT_E_STATE, the audit
     * names the other torrent); a torrent already at its target is left alone (QBT_OK).
     * Dry run, threads, results and return value as for remove_torrents. */
    int (*move_torrents)(const struct qbt_host* host, const struct qbt_action_call* call,
                         const qbt_move_request* request, int32_t* results, qbt_error* err);

    /* ---- 1.3 (check QBT_HAS_MEMBER(host, qbt_host, audit_note)) ---- */

    /* Attach `text` to this action's entry in the job's audit for one torrent of the batch
     * (`hash`, an API hash the call received), or for every torrent of the call when `hash`
     * is NULL: what the action did beyond "ok", e.g. "removed queue records 301,302". Shown
     * as `note` by GET /api/jobs/<id>/actions and, in a dry run, in the job result's
     * `planned` list (write what would be done: a dry run records notes too).
     * The text is STORED in the job record and SHOWN to every holder of the API key: never
     * put a secret in it. As a safety net the host replaces the value of every secret
     * configuration key it knows (API keys, passwords, webhook URLs) by "***".
     * `text`: NUL-terminated UTF-8, copied by the host (borrowed for the call); invalid
     * UTF-8 is refused (QBT_E_INVALID). Several notes for one torrent are joined by "; ".
     * Bound: QBT_AUDIT_NOTE_MAX bytes per torrent and call; past it the note is cut at a
     * character boundary and ends with QBT_AUDIT_NOTE_TRUNCATED (the call returns 1).
     * `call` must be the execute() call in progress; call it from the thread that runs
     * that execute(), only during it (elsewhere: QBT_E_STATE). A hash the call did not
     * receive: QBT_E_NOT_FOUND. Returns QBT_OK, 1 when truncated, else a negative code
     * with err filled (nothing recorded). */
    int (*audit_note)(const struct qbt_host* host, const struct qbt_action_call* call, const qbt_string* hash,
                      const char* text, qbt_error* err);
} qbt_host;

/* 1.3: the bound of one torrent's audit note (bytes, marker included) and the marker
 * ending a note cut at that bound. */
#define QBT_AUDIT_NOTE_MAX 1024
#define QBT_AUDIT_NOTE_TRUNCATED " [truncated]"

QBT_END_DECLS

#endif
