/* The 1.2 file services: witness_remove {} removes its torrents through
 * host->remove_torrents (delete_files, cross-seed group off, the recycle bin's default) and
 * witness_move {location: PATH} moves them through host->move_torrents. Both are flagged
 * QBT_ACTION_PLANS_IN_DRY_RUN: in a dry run (call->dry_run) they are executed too, log that
 * they saw it, and the host plans instead of acting. */
#include "witness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int no_params(const qbt_value* params, void** state, qbt_error* err) {
    (void)params; (void)err;
    *state = NULL;
    return QBT_OK;
}

static int move_compile(const qbt_value* params, void** state, qbt_error* err) {
    const qbt_value* location = value_member(params, "location");
    if (!location || location->type != QBT_VALUE_STRING || location->as.string.size == 0)
        return qbt_error_set(err, QBT_E_INVALID, "param 'location' must be a non-empty string");
    *state = witness_strndup(location->as.string.data, location->as.string.size);
    return *state ? QBT_OK : qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
}

/* Copies the batch's hashes; NULL (err filled) when the host is older than 1.2. */
static qbt_string* hashes_of(const qbt_action_call* call, const qbt_torrent* const* torrents, size_t count,
                             qbt_error* err) {
    if (!QBT_HAS_MEMBER(call->host, qbt_host, move_torrents)) {
        qbt_error_set(err, QBT_E_UNSUPPORTED, "the host has no 1.2 file services");
        return NULL;
    }
    qbt_string* hashes = malloc((count ? count : 1) * sizeof *hashes);
    if (!hashes) {
        qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < count; ++i) hashes[i] = torrents[i]->hash;
    return hashes;
}

static void say_dry_run(const qbt_action_call* call, const char* what) {
    char line[96];
    const int dry = QBT_HAS_MEMBER(call, qbt_action_call, dry_run) && call->dry_run;
    snprintf(line, sizeof line, "%s: dry_run=%d", what, dry);
    witness_log(QBT_LOG_INFO, line);
}

static int remove_execute(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                          size_t count, int32_t* results, qbt_error* err) {
    (void)state;
    say_dry_run(call, "witness_remove");
    qbt_string* hashes = hashes_of(call, torrents, count, err);
    if (!hashes) return err->code;
    const qbt_remove_request request = {sizeof request, hashes, count, 1, 0, QBT_RECYCLE_DEFAULT};
    const int rc = call->host->remove_torrents(call->host, call, &request, results, err);
    free(hashes);
    return rc;
}

static int move_execute(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                        size_t count, int32_t* results, qbt_error* err) {
    say_dry_run(call, "witness_move");
    qbt_string* hashes = hashes_of(call, torrents, count, err);
    if (!hashes) return err->code;
    const qbt_move_request request = {sizeof request, hashes, count, state, NULL};
    const int rc = call->host->move_torrents(call->host, call, &request, results, err);
    free(hashes);
    return rc;
}

static void release(void* state) { free(state); }

const qbt_action witness_remove = {sizeof(qbt_action), "witness_remove", NULL,
                                   QBT_ACTION_REMOVES_TORRENT | QBT_ACTION_PLANS_IN_DRY_RUN,
                                   "remove through the host's guard (ABI 1.2)", no_params, NULL, NULL, NULL, release,
                                   remove_execute};
const qbt_action witness_move = {sizeof(qbt_action), "witness_move", NULL, QBT_ACTION_PLANS_IN_DRY_RUN,
                                 "move through the host's guard (ABI 1.2)", move_compile, NULL, NULL, NULL, release,
                                 move_execute};
