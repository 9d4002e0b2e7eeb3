/* The one symbol a plugin exports.
 *
 *   QBT_PLUGIN_ENTRY = { sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
 *                        "org.example.my-plugin", "My plugin", "1.0.0", "...",
 *                        my_init, my_deinit, my_get_factory, QBT_PLUGIN_THREAD_SAFE };
 *
 * Loading. The host dlopen()s the file (RTLD_NOW | RTLD_LOCAL), reads the data symbol
 * `qbt_entry`, refuses it unless abi_major == host major and abi_minor <= host minor,
 * calls init() once, then get_factory() for each factory id it knows. A USER plugin (one
 * from plugins.dirs, not a built-in) is first loaded in a forked probe child: there the
 * host calls init() with the same configuration, then deinit(), and the child exits; only
 * when that succeeded is the plugin loaded again in the server and init() called a second
 * time. So init() runs twice, in two processes: it must not leave anything behind that
 * makes the second call fail (a lock file, a bound port), and a crash in it only costs the
 * plugin. Plugins are never unloaded while the process runs; deinit() is called at
 * shutdown.
 *
 * Threads (the rule for every callback of every kind; the host keeps it since 1.2):
 *  - init(), get_factory() and deinit() are called on the thread that loads plugins,
 *    before the server's other threads start (deinit: after they stopped).
 *  - Condition operators and actions (compile, match, is_satisfied, execute, effect,
 *    release) are called from several threads: the job worker, the preview thread of
 *    POST /api/preview (it runs beside the worker), and HTTP threads that reload rules.yml.
 *    Unless the entry's flags contain QBT_PLUGIN_THREAD_SAFE, the host never has two of
 *    these calls into the same plugin in flight at once (one lock per plugin, across all
 *    its operators and actions): the plugin needs no locking of its own. With the flag, any
 *    of them may run concurrently on different threads (each on its own arguments; the
 *    same compiled state may be used by two calls at once), and the plugin protects what
 *    it shares itself. Declare the flag only when that holds: without it a slow execute()
 *    delays a preview's match() of the same plugin, nothing worse.
 *  - Queue backend functions are always called concurrently (HTTP threads, the worker,
 *    the committer, whatever the flag says): a backend must be thread-safe (queue_backend.h).
 *  - Host services (qbt_host) may be called from any thread, between init and deinit.
 */
#ifndef QBT_ENTRY_H
#define QBT_ENTRY_H

#include <stdint.h>

#include "error.h"
#include "export.h"
#include "host.h"
#include "version.h"

QBT_BEGIN_DECLS

#define QBT_ENTRY_SYMBOL "qbt_entry"

/* 1.2, qbt_plugin_entry.flags: */
#define QBT_PLUGIN_THREAD_SAFE 0x1u /* operators and actions may be entered from several
                                       threads at once (see "Threads" above) */

typedef struct qbt_plugin_entry {
    uint32_t struct_size; /* sizeof(qbt_plugin_entry) */
    uint32_t abi_major;   /* QBT_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;   /* QBT_ABI_MINOR the plugin was built with */
    const char* id;       /* unique, reverse-DNS: "org.qbt-rules.core-actions" */
    const char* name;     /* human name */
    const char* version;  /* the plugin's own version */
    const char* description;

    /* Called once after load (in a user plugin's probe child first, see above). `host`
     * stays valid until deinit. Return QBT_OK, or a negative code with err filled: the
     * host then reports and skips the plugin. */
    int (*init)(const qbt_host* host, qbt_error* err);
    /* Optional; called once at shutdown (and in the probe child after its init). */
    void (*deinit)(void);
    /* Return the factory table for `factory_id` (e.g. QBT_ACTION_FACTORY_ID), or NULL
     * when the plugin provides none of that kind. Static data, valid until deinit. */
    const void* (*get_factory)(const char* factory_id);

    /* 1.2: QBT_PLUGIN_* flags; 0 (and any plugin built before 1.2) = calls serialised. */
    uint32_t flags;
} qbt_plugin_entry;

/* Define the entry in exactly one source file of the plugin. */
#define QBT_PLUGIN_ENTRY QBT_EXPORT const qbt_plugin_entry qbt_entry

QBT_END_DECLS

#endif
