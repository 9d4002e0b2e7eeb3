/* qbt-rules plugin ABI version.
 *
 * Rules (see sdk/ABI.md):
 *  - Appending a member to a published struct, or a new factory id, bumps MINOR.
 *  - Anything else (removing, reordering, changing a type or a meaning) bumps MAJOR.
 *  - The host loads a plugin when its major equals QBT_ABI_MAJOR and its minor is
 *    <= QBT_ABI_MINOR. Every struct carries struct_size so that a newer host can tell
 *    which appended members an older plugin filled in (see QBT_HAS_MEMBER).
 *
 * One size mechanism on each side:
 *  - What a plugin hands the host (its entry and descriptors) the host copies into a
 *    zero-filled struct of its own size, so a member an older plugin does not know reads
 *    as NULL/0 (it only refuses one smaller than the 1.0 layout). The host never tests
 *    a plugin's struct_size member by member.
 *  - What the host hands a plugin (qbt_host, qbt_torrent, qbt_job, requests, ...) may be
 *    newer or older than the plugin's headers: a plugin reads a member added after 1.0
 *    only when QBT_HAS_MEMBER(ptr, type, member) says the host's struct reaches it.
 */
#ifndef QBT_VERSION_H
#define QBT_VERSION_H

#include <stddef.h> /* offsetof */

#define QBT_ABI_MAJOR 1
#define QBT_ABI_MINOR 3

/* True when a struct of the given (caller-reported) size contains MEMBER. */
#define QBT_HAS_MEMBER(ptr, type, member) \
    ((ptr) != 0 && (ptr)->struct_size >= (offsetof(type, member) + sizeof(((type*)0)->member)))

#endif
