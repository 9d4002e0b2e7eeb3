// The recycle bin's store (engine.recycle_bin.dir): one folder per deleted torrent with its
// torrent.json, its .torrent and data/ (the files at their paths relative to the save path).
//
// A delete goes: prepare() (a `.staging-<hash>-<time>` folder, state prepared) -> the
// caller removes the torrent from qBittorrent -> set_state(moving) -> move_in() ->
// finish() (state complete, renamed to `<hash>-<time>`). A crash at any point is repaired
// by the caller's recovery: a prepared entry whose torrent is still in qBittorrent is
// dropped (the data never left); any other is rolled forward (move_in() again, then
// finish()). So either the old place or the bin entry is complete, never both partial.
// Restore goes: conflicts() (nothing is ever overwritten) -> set_state(restoring) ->
// move_out() -> the caller re-adds the torrent -> remove(); a restoring entry is rolled
// forward the same way. Nothing in the bin is ever overwritten.
#pragma once

#include "disk/bin_record.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::disk {

struct BinEntry {
    std::filesystem::path dir;
    BinRecord record;
    bool staging() const;
    std::filesystem::path data_dir() const { return dir / "data"; }
    std::filesystem::path torrent_file() const { return dir / (record.hash + ".torrent"); }
};

// What a move_in()/move_out() did.
struct MoveReport {
    int renamed = 0;   // same file system: renamed
    int copied = 0;    // another file system: copied, then the source removed
    int missing = 0;   // neither at the source nor at the target (nothing to move)
    uint64_t bytes = 0;
};

class RecycleBin {
public:
    RecycleBin(std::filesystem::path dir, std::chrono::seconds keep);
    const std::filesystem::path& dir() const { return dir_; }
    std::chrono::seconds keep() const { return keep_; }

    // Creates the staging entry (its folder, torrent.json in state prepared, the .torrent).
    // Throws FileError.
    BinEntry prepare(BinRecord record, std::string_view torrent_file);
    void set_state(BinEntry& entry, const char* state);  // rewrites torrent.json atomically
    // Moves each file of the record from local_save_path into data/ (never overwriting);
    // across file systems every file is copied before any source is removed. Safe to run
    // again after a crash.
    MoveReport move_in(BinEntry& entry);
    // State complete; the staging folder gets its final name. Throws FileError.
    void finish(BinEntry& entry);
    void drop(const BinEntry& entry);  // removes a staging entry (the data never left)

    // Entries an interrupted operation left: staging ones and ones in state restoring.
    std::vector<BinEntry> interrupted() const;
    // Finished entries (complete), newest first; unreadable ones are skipped (and logged).
    std::vector<BinEntry> entries() const;
    std::optional<BinEntry> newest(const std::string& hash) const;

    // The files a restore would overwrite (each already exists at its old place).
    std::vector<std::string> conflicts(const BinEntry& entry) const;
    // Moves data/ back to local_save_path (never overwriting); resumable like move_in().
    MoveReport move_out(BinEntry& entry);
    void remove(const BinEntry& entry);  // the whole entry folder

    // Removes complete entries deleted at least `keep` before `now`; returns how many.
    int expire(std::chrono::system_clock::time_point now);
    int64_t expires_at(const BinRecord& record) const { return record.deleted_at + keep_.count(); }

private:
    std::filesystem::path dir_;
    std::chrono::seconds keep_;
};

}  // namespace qbt::disk
