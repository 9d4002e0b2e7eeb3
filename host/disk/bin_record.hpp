// What one recycle-bin entry holds: its torrent.json (what the torrent was, which files
// were moved in, and how far the move got).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::disk {

struct BinFile {
    std::string path;  // relative to the save path, as qBittorrent lists it ("Show/e01.mkv")
    uint64_t size = 0;
};

// The states of an entry, in order. prepared: staging made (.torrent, json), the torrent
// may still be in qBittorrent; moving: removed from qBittorrent, files being moved in;
// complete: every file in data/; restoring: files being moved back.
inline constexpr const char* kBinPrepared = "prepared";
inline constexpr const char* kBinMoving = "moving";
inline constexpr const char* kBinComplete = "complete";
inline constexpr const char* kBinRestoring = "restoring";

struct BinRecord {
    std::string hash;
    std::string name;
    std::string instance;
    std::string save_path;        // as qBittorrent reported it
    std::string local_save_path;  // where the files were on this machine (path_map applied)
    std::string content_layout;   // torrents/add contentLayout that puts the files back: Original|Subfolder|NoSubfolder
    std::vector<std::string> tags;
    std::string category;
    int64_t deleted_at = 0;       // unix seconds
    std::string rule;
    std::string job;
    std::vector<BinFile> files;   // the files moved in (shared files stay where they were)
    std::string state = kBinPrepared;

    uint64_t bytes() const;
    std::string to_json() const;
    // Throws std::runtime_error naming what is wrong.
    static BinRecord from_json(const std::string& text);
};

// Whether a relative file path stays below its base (no leading '/', no '..' or '.' part).
bool stays_inside(const std::string& relative);

// "2026-12-07T03:51:00Z" for unix seconds.
std::string iso_utc(int64_t unix_seconds);

}  // namespace qbt::disk
