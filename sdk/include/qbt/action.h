/* Actions ("qbt.action/1"): what a matched rule does to torrents.
 *
 * Life cycle: compile(params) once at rule load -> for each job, the host groups the
 * torrents a rule matched, asks is_satisfied() per torrent (already in effect ->
 * counted as skipped), and calls execute_batch() (or, from a plugin built before 1.2,
 * execute()) ONCE with the batch that needs the action. The plugin should make one
 * (chunked) qBittorrent call for the whole batch. After it, the host asks effect() per
 * succeeded torrent to update its in-memory copy, so later rules of the same job see the
 * change without a re-fetch.
 * In dry-run execute is not called, unless the action has QBT_ACTION_PLANS_IN_DRY_RUN
 * (1.2): then it is called with call->dry_run = 1, and the plugin must change nothing
 * itself: the host services plan and record (remove_torrents, move_torrents) and every
 * qbt_request other than GET is refused. A plugin built before 1.2 never sees this.
 *
 * Threads (entry.h, "Threads"): execute runs on the job worker; compile, is_satisfied,
 * effect and release also run on the preview thread (POST /api/preview plans beside a
 * running job) and on HTTP threads that reload rules.yml. Unless the plugin declares
 * QBT_PLUGIN_THREAD_SAFE the host never has two calls into the plugin in flight at once.
 */
#ifndef QBT_ACTION_H
#define QBT_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "export.h"
#include "host.h"
#include "value.h"

QBT_BEGIN_DECLS

#define QBT_ACTION_FACTORY_ID "qbt.action/1"

#define QBT_ACTION_REMOVES_TORRENT 0x1u /* the torrent leaves the job (delete); counts
                                           against engine.max_deletes_per_job */
#define QBT_ACTION_PLANS_IN_DRY_RUN 0x2u /* 1.2: execute() also runs in dry runs, with
                                            call->dry_run = 1, to plan through the host
                                            services (see the top of this file) */

/* One torrent as the host holds it. Borrowed for the call. It may grow in later minor
 * versions: it reaches a plugin only through pointers (is_satisfied, effect and, since
 * 1.2, execute_batch), and a member added after 1.0 is read only when
 * QBT_HAS_MEMBER(torrent, qbt_torrent, member). (execute() of plugins built before 1.2
 * gets a contiguous array of the 1.0 layout, which the host keeps building for them.) */
typedef struct qbt_torrent {
    uint32_t struct_size; /* the host's sizeof(qbt_torrent) */
    qbt_string hash;      /* the API hash (info.hash) */
    const qbt_value* info; /* the torrents/info object; "tags" is qBittorrent's "a, b" text */
} qbt_torrent;

/* Who is asking, for one execute() call. */
typedef struct qbt_action_call {
    uint32_t struct_size;  /* sizeof(qbt_action_call) */
    const qbt_host* host;
    qbt_client* client;    /* pass to host->qbt_request / qbt_api_version */
    const char* job_id;
    const char* rule_name;
    /* 1.2 (QBT_HAS_MEMBER(call, qbt_action_call, dry_run)): 1 in a dry run (only for
     * actions with QBT_ACTION_PLANS_IN_DRY_RUN), else 0. */
    int32_t dry_run;
} qbt_action_call;

typedef struct qbt_action {
    uint32_t struct_size; /* sizeof(qbt_action) */
    const char* name;     /* as written in rules: "add_tag" */
    const char* const* aliases; /* NULL-terminated list of other names, or NULL */
    uint32_t flags;       /* QBT_ACTION_* */
    const char* description;

    /* Validate and compile `params` (an object; an empty object when the rule has none)
     * at rule load. Errors name the param. *state is plugin-owned until release(). */
    int (*compile)(const qbt_value* params, void** state, qbt_error* err);

    /* Optional (NULL = never satisfied). 1 = the torrent already is in the desired
     * state (skip), 0 = needs the action, negative = error. Must not do I/O, must not
     * modify state (jobs and previews use the same state). */
    int (*is_satisfied)(const void* state, const qbt_torrent* torrent, qbt_error* err);

    /* Apply to a batch, `torrents` being a CONTIGUOUS array of the 1.0 layout (so
     * qbt_torrent could not grow): plugins built for 1.2 and later fill execute_batch
     * instead and may leave this NULL. Fill results[i] with QBT_OK or a negative code
     * per torrent. Return QBT_OK when results are filled, or a negative code (err
     * filled) when the whole batch failed. Called on the job worker thread. */
    int (*execute)(const void* state, const qbt_action_call* call, const qbt_torrent* torrents,
                   size_t count, int32_t* results, qbt_error* err);

    /* Optional. Write, as a JSON object, the info fields this action changed on a
     * torrent, e.g. {"tags":"a, b"} or {"state":"pausedUP"}; the host merges them into
     * its copy. NULL = the host re-reads the batch's info after execute (one call).
     * Called on the thread that ran the job or the preview (dry runs apply effects in
     * memory too). */
    int (*effect)(const void* state, const qbt_torrent* torrent, qbt_write_fn write,
                  void* writer_ctx, qbt_error* err);

    /* Optional. Frees a compiled state when the last job or preview using its rules
     * ended (any thread). */
    void (*release)(void* state);

    /* 1.2: execute() with the batch as `count` POINTERS, so that qbt_torrent can grow
     * (read members added later with QBT_HAS_MEMBER). Same contract as execute(); the
     * host calls this one when it is set, else execute(). A descriptor needs one of the
     * two. */
    int (*execute_batch)(const void* state, const qbt_action_call* call,
                         const qbt_torrent* const* torrents, size_t count, int32_t* results,
                         qbt_error* err);
} qbt_action;

typedef struct qbt_action_factory {
    uint32_t struct_size;
    uint32_t count;
    const qbt_action* const* actions;
} qbt_action_factory;

QBT_END_DECLS

#endif
