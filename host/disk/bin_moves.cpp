// RecycleBin::move_in / move_out: the file moves of a delete and of a restore, resumable
// after a crash and never overwriting anything.
#include "disk/recycle_bin.hpp"

#include "disk/file_ops.hpp"
#include "disk/test_hooks.hpp"

namespace qbt::disk {

namespace fs = std::filesystem;

namespace {

bool present(const fs::path& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

uint64_t size_of(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

// Moves each (from, to) pair; across file systems every file is copied before any source
// is removed. A pair whose target exists is taken as moved already (a resumed run): its
// source, if still there and of the same size, is a copy's leftover and goes at the end.
MoveReport move_all(const std::vector<std::pair<fs::path, fs::path>>& moves) {
    MoveReport report;
    std::vector<fs::path> sources_to_remove;
    for (size_t i = 0; i < moves.size(); ++i) {
        const auto& [from, to] = moves[i];
        if (present(to)) {
            if (present(from) && size_of(from) == size_of(to)) sources_to_remove.push_back(from);
        } else if (!present(from)) {
            ++report.missing;
        } else {
            make_dirs(to.parent_path());
            report.bytes += size_of(from);
            if (rename_no_replace(from, to)) {
                ++report.renamed;
            } else {
                copy_no_replace(from, to);
                ++report.copied;
                sources_to_remove.push_back(from);
            }
        }
        if (i + 1 < moves.size())  // the kill -9 test stops the server here
            test_pause("QBT_TEST_RECYCLE_PAUSE_MS",
                       std::to_string(i + 1) + " of " + std::to_string(moves.size()) + " files moved");
    }
    for (const fs::path& source : sources_to_remove) remove_file(source);
    return report;
}

}  // namespace

MoveReport RecycleBin::move_in(BinEntry& entry) {
    std::vector<std::pair<fs::path, fs::path>> moves;
    for (const BinFile& file : entry.record.files)
        moves.emplace_back(fs::path(entry.record.local_save_path) / file.path, entry.data_dir() / file.path);
    MoveReport report = move_all(moves);
    sync_dir(entry.data_dir());
    // Folders of the torrent that are empty now go too (never the save path itself).
    const fs::path save_path(entry.record.local_save_path);
    for (const BinFile& file : entry.record.files)
        remove_empty_dirs((save_path / file.path).parent_path(), save_path);
    return report;
}

MoveReport RecycleBin::move_out(BinEntry& entry) {
    std::vector<std::pair<fs::path, fs::path>> moves;
    for (const BinFile& file : entry.record.files)
        moves.emplace_back(entry.data_dir() / file.path, fs::path(entry.record.local_save_path) / file.path);
    return move_all(moves);
}

}  // namespace qbt::disk
