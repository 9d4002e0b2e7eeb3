// The queue database schema, versioned with PRAGMA user_version.
//   v1: the seed's `jobs` table and indexes (also what the Python tool creates; its
//       databases have user_version 0, which we treat as v1 when the table exists).
//   v2: + document TEXT (the whole job JSON, verbatim) and seq INTEGER (FIFO order;
//       requeue puts a job before the others with a smaller seq).
//   v3: + instance (the document's "instance", "default" when absent; a VIRTUAL generated
//       column, so writers need not bind it) and idx_instance_status(instance, status, seq).
//   v4: the seed's idx_status, idx_context and idx_created_at widened to (status,
//       created_at, seq), (context, created_at, seq) and (created_at, seq): list pages are
//       read in index order instead of sorted.
#pragma once

#include "sqlite_connection.hpp"

namespace qbt::queue_plugin {

inline constexpr int kSchemaVersion = 5;

// Create or migrate to kSchemaVersion in one write transaction (safe when several
// processes open the same file at once). Throws sdk::Error.
void ensure_schema(Connection& db);

}  // namespace qbt::queue_plugin
