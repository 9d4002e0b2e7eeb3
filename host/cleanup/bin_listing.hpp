// GET /api/recycle-bin's answer: what the bin holds, newest first.
#pragma once

#include "disk/recycle_bin.hpp"

#include <string>

namespace qbt::cleanup {

// {"dir", "keep_seconds", "entries": [{hash, name, instance, deleted_at, expires_at, rule,
// job, bytes, files, save_path, category, tags, entry}], "interrupted": n}
std::string bin_listing_json(const disk::RecycleBin& bin);

}  // namespace qbt::cleanup
