/* A 1.3 plugin in plain C99 for tests/audit/audit_note_test.cpp: `test_note` notes each
 * torrent ("seen <hash>"), then the whole call ("batch of N"), and proves two refusals
 * (a hash outside the batch, invalid UTF-8) by noting their codes. Executed in dry runs
 * too (QBT_ACTION_PLANS_IN_DRY_RUN); changes nothing. */
#include <qbt/qbt.h>

#include <stdio.h>
#include <string.h>

static int note_compile(const qbt_value* params, void** state, qbt_error* err) {
    (void)params; (void)err;
    *state = NULL;
    return QBT_OK;
}

static int note_execute(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                        size_t count, int32_t* results, qbt_error* err) {
    (void)state;
    const qbt_host* host = call->host;
    if (!QBT_HAS_MEMBER(host, qbt_host, audit_note) || !host->audit_note)
        return qbt_error_set(err, QBT_E_UNSUPPORTED, "the host has no audit_note");
    char text[128];
    for (size_t i = 0; i < count; ++i) {
        snprintf(text, sizeof text, "%s %.*s", call->dry_run ? "would see" : "seen", (int)torrents[i]->hash.size,
                 torrents[i]->hash.data);
        results[i] = host->audit_note(host, call, &torrents[i]->hash, text, err) == QBT_OK ? QBT_OK : QBT_E_INTERNAL;
    }
    const qbt_string stranger = {"0000000000000000000000000000000000000000", 40};
    qbt_error refused;
    const int unknown = host->audit_note(host, call, &stranger, "not mine", &refused);
    const int bad_utf8 = host->audit_note(host, call, NULL, "bad \xC3\x28 text", &refused);
    snprintf(text, sizeof text, "batch of %zu (stranger %d, bad UTF-8 %d)", count, unknown, bad_utf8);
    return host->audit_note(host, call, NULL, text, err) == QBT_OK ? QBT_OK : err->code;
}

static const qbt_action note_action = {
    sizeof(qbt_action), "test_note", NULL, QBT_ACTION_PLANS_IN_DRY_RUN, "notes every torrent in the audit",
    note_compile, NULL, NULL, NULL, NULL, note_execute};
static const qbt_action* const actions[] = {&note_action};
static const qbt_action_factory factory = {sizeof(qbt_action_factory), 1, actions};

static int note_init(const qbt_host* host, qbt_error* err) {
    (void)host; (void)err;
    return QBT_OK;
}

static const void* note_factory(const char* id) {
    return strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? (const void*)&factory : NULL;
}

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.example.note", "Note test",
                    "1.0.0", "audit notes (ABI 1.3)", note_init, NULL, note_factory, QBT_PLUGIN_THREAD_SAFE};
