/* Symbol visibility and C linkage for plugin entry points. */
#ifndef QBT_EXPORT_H
#define QBT_EXPORT_H

#ifdef __cplusplus
#define QBT_EXTERN_C extern "C"
#define QBT_BEGIN_DECLS extern "C" {
#define QBT_END_DECLS }
#else
#define QBT_EXTERN_C
#define QBT_BEGIN_DECLS
#define QBT_END_DECLS
#endif

#if defined(__GNUC__) || defined(__clang__)
#define QBT_EXPORT QBT_EXTERN_C __attribute__((visibility("default")))
#else
#define QBT_EXPORT QBT_EXTERN_C
#endif

#endif
