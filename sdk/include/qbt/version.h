/* qbt-rules plugin ABI version.
 *
 * Rules (see sdk/ABI.md):
 *  - Appending a member to a published struct, or a new factory id, bumps MINOR.
 *  - Anything else (removing, reordering, changing a type or a meaning) bumps MAJOR.
 *  - The host loads a plugin when its major equals QBT_ABI_MAJOR and its minor is
 *    <= QBT_ABI_MINOR. Every struct carries struct_size so that a newer host can tell
 *    which appended members an older plugin filled in (see QBT_HAS_MEMBER).
 */
#ifndef QBT_VERSION_H
#define QBT_VERSION_H

#define QBT_ABI_MAJOR 1
#define QBT_ABI_MINOR 2

/* True when a struct of the given (caller-reported) size contains MEMBER. */
#define QBT_HAS_MEMBER(ptr, type, member) \
    ((ptr) != 0 && (ptr)->struct_size >= (offsetof(type, member) + sizeof(((type*)0)->member)))

#endif
