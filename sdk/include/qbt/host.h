/* Services the host offers every plugin. The host passes a `const qbt_host*` to
 * the plugin's init(); the table and its functions stay valid until deinit().
 * All functions are thread-safe. Members may be appended in later minor versions:
 * check with QBT_HAS_MEMBER(host, qbt_host, member) before using one added after 1.0.
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
} qbt_host;

QBT_END_DECLS

#endif
