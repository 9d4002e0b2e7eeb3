/* witness_tag {tag: T}: adds tag T through the host's qBittorrent client (one
 * torrents/addTags call per batch). is_satisfied: T already among info.tags; effect: the
 * new "tags" text; its audit note (1.3) names the tag. witness_tag_v10 is the same action
 * as a plugin built before 1.2 writes it: execute() over a contiguous array instead of
 * execute_batch(), and no audit note. */
#include "witness.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tag_compile(const qbt_value* params, void** state, qbt_error* err) {
    const qbt_value* tag = value_member(params, "tag");
    if (!tag || tag->type != QBT_VALUE_STRING || tag->as.string.size == 0 || tag->as.string.size > 64)
        return qbt_error_set(err, QBT_E_INVALID, "param 'tag' must be a short non-empty string");
    for (size_t i = 0; i < tag->as.string.size; ++i)
        if (!((tag->as.string.data[i] >= 'a' && tag->as.string.data[i] <= 'z') || tag->as.string.data[i] == '-'))
            return qbt_error_set(err, QBT_E_INVALID, "param 'tag': only a-z and '-' (no URL encoding here)");
    *state = witness_strndup(tag->as.string.data, tag->as.string.size);
    return *state ? QBT_OK : qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
}

/* info.tags is qBittorrent's "a, b" text. */
static const qbt_string* tags_of(const qbt_torrent* torrent) {
    if (!QBT_HAS_MEMBER(torrent, qbt_torrent, info) || !torrent->info) return NULL;
    const qbt_value* tags = value_member(torrent->info, "tags");
    return tags && tags->type == QBT_VALUE_STRING ? &tags->as.string : NULL;
}

static int tag_is_satisfied(const void* state, const qbt_torrent* torrent, qbt_error* err) {
    (void)err;
    const char* tag = state;
    const size_t length = strlen(tag);
    const qbt_string* tags = tags_of(torrent);
    if (!tags) return 0;
    for (size_t start = 0; start < tags->size;) {
        size_t end = start;
        while (end < tags->size && tags->data[end] != ',') ++end;
        if (end - start == length && memcmp(tags->data + start, tag, length) == 0) return 1;
        start = end + 1;
        while (start < tags->size && tags->data[start] == ' ') ++start;
    }
    return 0;
}

static int discard(void* ctx, const char* data, size_t size) {
    (void)ctx; (void)data; (void)size;
    return 0;
}

/* One torrents/addTags call for the batch; `hash_at(i)` gives torrent i's hash. */
static int add_tags(const char* tag, const qbt_action_call* call, size_t count, int32_t* results, qbt_error* err,
                    const qbt_string* (*hash_at)(const void* torrents, size_t i), const void* torrents) {
    qbt_api_version version;
    if (call->host->qbt_api_version(call->host, call->client, &version, err) != QBT_OK) return err->code;
    if (version.major < 2) return qbt_error_set(err, QBT_E_UNSUPPORTED, "Web API %d is too old", version.major);
    char* form = malloc(count * 43 + strlen(tag) + 16);
    if (!form) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    size_t n = (size_t)sprintf(form, "tags=%s&hashes=", tag);
    for (size_t i = 0; i < count; ++i) {
        const qbt_string* hash = hash_at(torrents, i);
        if (i > 0) n += (size_t)sprintf(form + n, "%%7C");
        memcpy(form + n, hash->data, hash->size);
        n += hash->size;
    }
    form[n] = '\0';
    const qbt_api_request request = {sizeof request, "POST", "torrents/addTags", NULL, form};
    int32_t status = 0;
    const int rc = call->host->qbt_request(call->host, call->client, &request, discard, NULL, &status, err);
    free(form);
    if (rc != QBT_OK) return rc;
    for (size_t i = 0; i < count; ++i) results[i] = status == 200 ? QBT_OK : QBT_E_IO;
    return QBT_OK;
}

static const qbt_string* hash_in_pointers(const void* torrents, size_t i) {
    return &((const qbt_torrent* const*)torrents)[i]->hash;
}

static const qbt_string* hash_in_array(const void* torrents, size_t i) {
    return &((const qbt_torrent*)torrents)[i].hash;
}

/* 1.3: the audit says which tag went on, for every torrent of the call; a 1.2 host has no
 * audit_note and the action works without it. */
static int tag_execute_batch(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                             size_t count, int32_t* results, qbt_error* err) {
    const int rc = add_tags(state, call, count, results, err, hash_in_pointers, torrents);
    if (rc != QBT_OK || !QBT_HAS_MEMBER(call->host, qbt_host, audit_note) || !call->host->audit_note) return rc;
    char note[128]; /* a tag is at most 64 bytes (tag_compile) */
    snprintf(note, sizeof note, "tag '%s' added by torrents/addTags", (const char*)state);
    return call->host->audit_note(call->host, call, NULL, note, err) == QBT_OK ? QBT_OK : err->code;
}

static int tag_execute_v10(const void* state, const qbt_action_call* call, const qbt_torrent* torrents,
                           size_t count, int32_t* results, qbt_error* err) {
    return add_tags(state, call, count, results, err, hash_in_array, torrents);
}

static int tag_effect(const void* state, const qbt_torrent* torrent, qbt_write_fn write, void* ctx, qbt_error* err) {
    const qbt_string* tags = tags_of(torrent);
    const size_t old = tags ? tags->size : 0;
    char* text = malloc(old + strlen(state) + 3);
    if (!text) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    int n = sprintf(text, "%.*s%s%s", (int)old, old ? tags->data : "", old ? ", " : "", (const char*)state);
    char* quoted = json_quote(text, (size_t)n);
    free(text);
    if (!quoted) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    const int rc = write(ctx, "{\"tags\":", 8) == 0 && write(ctx, quoted, strlen(quoted)) == 0 && write(ctx, "}", 1) == 0
                       ? QBT_OK
                       : qbt_error_set(err, QBT_E_IO, "the host's writer refused the effect");
    free(quoted);
    return rc;
}

static void tag_release(void* state) { free(state); }

const qbt_action witness_tag = {sizeof(qbt_action), "witness_tag", NULL, 0, "add a tag (ABI 1.2 batch)",
                                tag_compile, tag_is_satisfied, NULL, tag_effect, tag_release, tag_execute_batch};

/* As a plugin built with the 1.1 headers fills the table: its struct_size ends at release. */
const qbt_action witness_tag_v10 = {offsetof(qbt_action, execute_batch), "witness_tag_v10", NULL, 0, "add a tag (1.0 execute)",
                                    tag_compile, tag_is_satisfied, tag_execute_v10, tag_effect, tag_release, NULL};
