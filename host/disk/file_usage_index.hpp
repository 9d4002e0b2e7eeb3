// The file-usage index (issue 15): every file of every torrent of every instance that
// shares this disk, each stat()ed once, so a job can tell which files another torrent
// still uses. Two torrents SHARE a file when their local paths are equal, or both paths
// stat to the same (st_dev, st_ino) (a hard link, a bind mount, another instance's path to
// the same file). Sharing is what keeps a file from being deleted or moved, and what
// info.cross_seeds counts; disk_facts.hpp derives the rule fields.
//
// Built once per job (engine/disk_index_builder.cpp fetches what it needs), then
// read-only: every const member is safe from several threads. Paths are local (after the
// instance's path map) and lexically normalised.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "disk/file_stat.hpp"
#include "disk/torrent_key.hpp"

namespace qbt::disk {

// One file of a torrent, as given to the index.
struct TorrentFileInput {
    std::string path;      // local path of the file
    uint64_t size = 0;     // its size in the torrent
    bool wanted = true;    // priority > 0; an unwanted file that is not on disk is no problem
    std::optional<FileStat> stat;  // already known (the builder's content_path stat), else stat()ed
};

// One torrent as given to the index: its files, or why they are not known.
struct TorrentInput {
    TorrentKey key;
    std::string name;
    std::vector<TorrentFileInput> files;
    // Non-empty: the files are not known ("metadata not loaded", "file list failed: HTTP 500").
    std::string unknown_reason;
    // With unknown_reason: whether the unknown files could be on disk (a failed file list:
    // they could be links of anyone's files, so the index is not complete) or not (no
    // metadata yet: nothing of it can be on disk).
    bool may_have_files = false;
};

// A torrent's file as the index saw it.
struct UsedFile {
    std::string path;
    uint64_t size = 0;   // from the torrent
    bool wanted = true;
    FileStat stat;       // state Present / Missing / Unreadable; nlink, dev, ino when Present
    std::vector<TorrentKey> shared_with;  // the OTHER torrents using this file (path or inode)
};

class FileUsageIndex {
public:
    // Building (one thread): add every torrent in scope and every problem, then finish().
    void add_torrent(TorrentInput torrent);
    // Something made the index incomplete as a whole ("instance 'b' unreachable: ...").
    void add_problem(std::string problem);
    // stat()s each distinct path once (through `stats`, which counts the calls), groups the
    // paths by inode, and for inodes seen at several paths the parent directories too (two
    // paths are two links only when they are distinct directory entries; a bind mount or a
    // symlinked directory shows one entry at two paths).
    void finish(StatCounter& stats);

    // Every problem found (torrents whose files are unknown, unreadable paths, unreachable
    // instances), one sentence each; at most ~50 are kept, with a count of the rest.
    const std::vector<std::string>& problems() const { return problems_; }
    // True when every torrent's files are known and every file on disk could be stat()ed:
    // only then can "no other torrent uses this file" be said.
    bool complete() const { return complete_; }

    bool contains(const TorrentKey& key) const { return by_key_.count(key) > 0; }
    size_t torrent_count() const { return torrents_.size(); }
    size_t file_count() const { return files_.size(); }
    // Why this torrent's own files are not known ("" when they are, or it is not indexed).
    std::string unknown_reason(const TorrentKey& key) const;
    // Each file of the torrent with the other torrents sharing it; nullopt when the torrent
    // is not in the index or its files are unknown (see unknown_reason).
    std::optional<std::vector<UsedFile>> files_of(const TorrentKey& key) const;
    // The other torrents sharing at least one file with `key` (sorted, each once).
    std::vector<TorrentKey> sharers(const TorrentKey& key) const;
    // Whether any torrent uses this local path, or a file with this (dev, ino): for orphan scans.
    bool in_use(const std::string& local_path, const FileStat& stat) const;
    // How many distinct directory entries (links) the index knows for the file at `path`'s
    // inode (0 when the path is not indexed or not on disk).
    uint64_t known_links(const std::string& local_path) const;

private:
    struct FileNode {
        std::string path;
        FileStat stat;
        std::vector<uint32_t> users;  // torrents listing this path
        uint32_t group = UINT32_MAX;  // same-inode group, when Present
        bool stated = false;
    };
    struct TorrentNode {
        TorrentInput input;
        std::vector<uint32_t> files;  // FileNode per input file
    };
    struct InodeGroup {
        std::vector<uint32_t> files;  // FileNodes at this (dev, ino)
        uint64_t links = 0;           // distinct directory entries among them
    };
    void note_problem(std::string problem);
    void count_links(InodeGroup& group, StatCounter& stats, std::unordered_map<std::string, FileStat>& dirs);
    const TorrentNode* find(const TorrentKey& key) const;
    std::vector<uint32_t> sharing_torrents(uint32_t file, uint32_t self) const;

    std::vector<TorrentNode> torrents_;
    std::map<TorrentKey, uint32_t> by_key_;
    std::vector<FileNode> files_;
    std::unordered_map<std::string, uint32_t> by_path_;
    std::vector<InodeGroup> groups_;
    std::map<std::pair<uint64_t, uint64_t>, uint32_t> by_inode_;  // (dev, ino) -> group
    std::vector<std::string> problems_;
    size_t problems_dropped_ = 0;
    bool complete_ = true;
    bool finished_ = false;
};

}  // namespace qbt::disk
