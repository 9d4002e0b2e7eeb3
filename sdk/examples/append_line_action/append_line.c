/* Example action plugin in plain C: `append_line` writes one line per torrent
 * ("<hash>\t<name>\t<rule>\n") to a file.
 *
 *   actions:
 *     - type: append_line
 *       params: {path: /config/finished.log}
 *
 * Build: cc -std=c99 -shared -fPIC -O2 -I<sdk>/include -o append_line.so append_line.c
 */
#include <qbt/qbt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const qbt_host* g_host;

typedef struct append_state {
    char* path;
} append_state;

/* Find a member of an object value by key; NULL when absent. */
static const qbt_value* member(const qbt_value* object, const char* key) {
    size_t i, len = strlen(key);
    if (object == NULL || object->type != QBT_VALUE_OBJECT) return NULL;
    for (i = 0; i < object->as.object.count; ++i) {
        const qbt_member* m = &object->as.object.members[i];
        if (m->key.size == len && memcmp(m->key.data, key, len) == 0) return &m->value;
    }
    return NULL;
}

static int append_compile(const qbt_value* params, void** state, qbt_error* err) {
    const qbt_value* path = member(params, "path");
    append_state* s;
    size_t i;
    for (i = 0; params && params->type == QBT_VALUE_OBJECT && i < params->as.object.count; ++i) {
        const qbt_string key = params->as.object.members[i].key;
        if (!(key.size == 4 && memcmp(key.data, "path", 4) == 0))
            return qbt_error_set(err, QBT_E_INVALID, "unknown param '%.*s' (append_line takes: path)",
                                 (int)key.size, key.data);
    }
    if (path == NULL || path->type != QBT_VALUE_STRING || path->as.string.size == 0)
        return qbt_error_set(err, QBT_E_INVALID, "param 'path' must be a non-empty string");
    s = (append_state*)calloc(1, sizeof *s);
    if (s == NULL) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    s->path = (char*)malloc(path->as.string.size + 1);
    if (s->path == NULL) {
        free(s);
        return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    }
    memcpy(s->path, path->as.string.data, path->as.string.size);
    s->path[path->as.string.size] = '\0';
    *state = s;
    return QBT_OK;
}

/* The batch arrives as pointers (ABI 1.2 execute_batch): qbt_torrent may grow. */
static int append_execute(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                          size_t count, int32_t* results, qbt_error* err) {
    const append_state* s = (const append_state*)state;
    FILE* file = fopen(s->path, "a");
    size_t i;
    if (file == NULL) return qbt_error_set(err, QBT_E_IO, "cannot open %s for appending", s->path);
    for (i = 0; i < count; ++i) {
        const qbt_value* name = member(torrents[i]->info, "name");
        int n = fprintf(file, "%.*s\t%.*s\t%s\n", (int)torrents[i]->hash.size, torrents[i]->hash.data,
                        name && name->type == QBT_VALUE_STRING ? (int)name->as.string.size : 0,
                        name && name->type == QBT_VALUE_STRING ? name->as.string.data : "", call->rule_name);
        results[i] = n < 0 ? QBT_E_IO : QBT_OK;
    }
    if (fclose(file) != 0) return qbt_error_set(err, QBT_E_IO, "cannot write %s", s->path);
    return QBT_OK;
}

static void append_release(void* state) {
    append_state* s = (append_state*)state;
    if (s) free(s->path);
    free(s);
}

static const qbt_action append_line = {
    sizeof(qbt_action), "append_line", NULL, 0, "append a line per torrent to a file",
    append_compile, NULL /* never satisfied: every match is logged */, NULL /* the 1.0 execute */,
    NULL /* no effect on torrent fields */, append_release, append_execute};
static const qbt_action* const actions[] = {&append_line};
static const qbt_action_factory factory = {sizeof(qbt_action_factory), 1, actions};

static int plugin_init(const qbt_host* host, qbt_error* err) {
    (void)err;
    g_host = host;
    host->log(host, QBT_LOG_INFO, "append_line action ready");
    return QBT_OK;
}

static const void* plugin_get_factory(const char* id) {
    return strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? &factory : NULL;
}

/* Thread-safe: nothing is shared between calls but the read-only compiled state, so the
 * host may call it from several threads at once (entry.h, "Threads"). */
QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.example.append-line",
                    "Append line (example)", "1.0.0", "example C action plugin",
                    plugin_init, NULL, plugin_get_factory, QBT_PLUGIN_THREAD_SAFE};
