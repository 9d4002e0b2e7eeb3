/* Just enough JSON for the witness: members of the host's job documents, read and set
 * as raw text (the host writes and reads the documents; the witness never parses deeper). */
#include "witness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* skip_space(const char* p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') ++p;
    return p;
}

static const char* skip_string(const char* p) {
    for (++p; *p && *p != '"'; ++p)
        if (*p == '\\' && p[1]) ++p;
    return *p ? p + 1 : NULL;
}

static const char* skip_value(const char* p) {
    p = skip_space(p);
    if (*p == '"') return skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') {
                p = skip_string(p);
                if (!p) return NULL;
                continue;
            }
            if (*p == '{' || *p == '[') ++depth;
            if ((*p == '}' || *p == ']') && --depth == 0) return p + 1;
            ++p;
        }
        return NULL;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') ++p;
    return p;
}

/* Calls `each` per top-level member with the key (without quotes) and the member's text
 * ("key":value); stops and returns 0 when `each` returns nonzero; -1 when not an object. */
typedef int (*member_fn)(void* ctx, const char* key, size_t key_size, const char* member, size_t size,
                         const char* value, size_t value_size);
static int each_member(const char* doc, member_fn each, void* ctx) {
    const char* p = skip_space(doc);
    if (*p != '{') return -1;
    p = skip_space(p + 1);
    while (*p == '"') {
        const char* start = p;
        const char* key_end = skip_string(p);
        if (!key_end) return -1;
        p = skip_space(key_end);
        if (*p != ':') return -1;
        const char* value = skip_space(p + 1);
        const char* end = skip_value(value);
        if (!end) return -1;
        if (each(ctx, start + 1, (size_t)(key_end - start - 2), start, (size_t)(end - start), value,
                 (size_t)(end - value)))
            return 0;
        p = skip_space(end);
        if (*p == ',') p = skip_space(p + 1);
    }
    return *p == '}' ? 0 : -1;
}

struct set_ctx {
    const char* key;
    char* out;
    size_t used;
};

static int copy_other(void* vctx, const char* key, size_t key_size, const char* member, size_t size,
                      const char* value, size_t value_size) {
    struct set_ctx* ctx = vctx;
    (void)value; (void)value_size;
    if (strlen(ctx->key) == key_size && strncmp(key, ctx->key, key_size) == 0) return 0;
    ctx->out[ctx->used++] = ',';
    memcpy(ctx->out + ctx->used, member, size);
    ctx->used += size;
    return 0;
}

char* json_set(const char* doc, const char* key, const char* json_value) {
    size_t cap = strlen(doc) + strlen(key) + strlen(json_value) + 8;
    struct set_ctx ctx = {key, malloc(cap), 0};
    if (!ctx.out) return NULL;
    ctx.used = (size_t)sprintf(ctx.out, "{\"%s\":%s", key, json_value);
    if (each_member(doc, copy_other, &ctx) != 0) {
        free(ctx.out);
        return NULL;
    }
    ctx.out[ctx.used++] = '}';
    ctx.out[ctx.used] = '\0';
    return ctx.out;
}

struct get_ctx {
    const char* key;
    const char* value;
    size_t size;
};

static int find_member(void* vctx, const char* key, size_t key_size, const char* member, size_t size,
                       const char* value, size_t value_size) {
    struct get_ctx* ctx = vctx;
    (void)member; (void)size;
    if (strlen(ctx->key) != key_size || strncmp(key, ctx->key, key_size) != 0) return 0;
    ctx->value = value;
    ctx->size = value_size;
    return 1;
}

const char* json_get(const char* doc, const char* key, size_t* size) {
    struct get_ctx ctx = {key, NULL, 0};
    each_member(doc, find_member, &ctx);
    if (size) *size = ctx.size;
    return ctx.value;
}

long long json_get_int(const char* doc, const char* key, long long fallback) {
    size_t size = 0;
    const char* value = json_get(doc, key, &size);
    if (!value || size == 0 || size > 30) return fallback;
    char text[32];
    memcpy(text, value, size);
    text[size] = '\0';
    char* end = NULL;
    long long n = strtoll(text, &end, 10);
    return end && *end == '\0' ? n : fallback;
}

char* json_quote(const char* text, size_t size) {
    char* out = malloc(size * 6 + 3);
    if (!out) return NULL;
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < size; ++i) {
        const unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)sprintf(out + n, "\\u%04x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
    return out;
}

char* witness_strndup(const char* text, size_t size) {
    char* out = malloc(size + 1);
    if (!out) return NULL;
    if (size) memcpy(out, text, size);
    out[size] = '\0';
    return out;
}

char* witness_strdup(const char* text) { return witness_strndup(text, strlen(text)); }

const qbt_value* value_member(const qbt_value* object, const char* key) {
    if (!object || object->type != QBT_VALUE_OBJECT) return NULL;
    const size_t length = strlen(key);
    for (size_t i = 0; i < object->as.object.count; ++i) {
        const qbt_member* m = &object->as.object.members[i];
        if (m->key.size == length && memcmp(m->key.data, key, length) == 0) return &m->value;
    }
    return NULL;
}
