#include "cleanup/orphan_recycle.hpp"

#include "disk/path_map.hpp"

namespace qbt::cleanup {

std::string recycle_orphans(disk::RecycleBin& bin, const std::string& instance, const std::string& job_id,
                            const std::string& root, const std::vector<std::pair<std::string, uint64_t>>& files,
                            int64_t now) {
    disk::BinRecord record;
    record.hash = kOrphansEntryHash;
    record.name = std::to_string(files.size()) + " orphaned file(s) below " + root;
    record.instance = instance;
    record.save_path = root;
    record.local_save_path = root;
    record.deleted_at = now;
    record.rule = "orphans";
    record.job = job_id;
    for (const auto& [path, size] : files) {
        if (!disk::has_path_prefix(path, root) || path.size() <= root.size()) continue;
        std::string relative = path.substr(root.size());
        while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
        record.files.push_back({relative, size});
    }
    disk::BinEntry entry = bin.prepare(std::move(record), "");
    bin.set_state(entry, disk::kBinMoving);
    bin.move_in(entry);
    bin.finish(entry);
    return entry.dir.string();
}

}  // namespace qbt::cleanup
