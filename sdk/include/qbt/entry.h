/* The one symbol a plugin exports.
 *
 *   QBT_PLUGIN_ENTRY = { sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
 *                        "org.example.my-plugin", "My plugin", "1.0.0", "...",
 *                        my_init, my_deinit, my_get_factory };
 *
 * The host dlopen()s the file (RTLD_NOW | RTLD_LOCAL), reads the data symbol
 * `qbt_entry`, refuses it unless abi_major == host major and abi_minor <= host minor,
 * calls init() once, then get_factory() for each factory id it knows. Plugins are
 * never unloaded while the process runs; deinit() is called at shutdown.
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

typedef struct qbt_plugin_entry {
    uint32_t struct_size; /* sizeof(qbt_plugin_entry) */
    uint32_t abi_major;   /* QBT_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;   /* QBT_ABI_MINOR the plugin was built with */
    const char* id;       /* unique, reverse-DNS: "org.qbt-rules.core-actions" */
    const char* name;     /* human name */
    const char* version;  /* the plugin's own version */
    const char* description;

    /* Called once after load. `host` stays valid until deinit. Return QBT_OK, or a
     * negative code with err filled: the host then reports and skips the plugin. */
    int (*init)(const qbt_host* host, qbt_error* err);
    /* Optional; called once at shutdown. */
    void (*deinit)(void);
    /* Return the factory table for `factory_id` (e.g. QBT_ACTION_FACTORY_ID), or NULL
     * when the plugin provides none of that kind. Static data, valid until deinit. */
    const void* (*get_factory)(const char* factory_id);
} qbt_plugin_entry;

/* Define the entry in exactly one source file of the plugin. */
#define QBT_PLUGIN_ENTRY QBT_EXPORT const qbt_plugin_entry qbt_entry

QBT_END_DECLS

#endif
