// Torrents over files on disk, for the disk tests of issue 15: several files under a top
// directory, a `source` in the info dict (cross-seeds: same files, different hashes), and
// .torrent files made from data that already exists (another torrent's, a shared dir's).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "torrent_maker.hpp"

namespace qbt::testing {

// What a torrent holds below its save path: with `files` empty, one file `name` of
// `size_bytes`; otherwise the directory `name` with `files` ('/'-separated relative paths
// and sizes), in that order.
struct TorrentLayout {
    std::string name;
    std::vector<std::pair<std::string, uint64_t>> files;
    uint64_t size_bytes = 16384;
};

// What goes around the info dict's file list. Different `source` values give different
// info hashes for the same files (how trackers make cross-seeds distinct).
struct TorrentMeta {
    std::string tracker = "http://127.0.0.1:9/announce";  // keep every tracker on 127.0.0.1
    std::string source;                                   // empty: no `source` key
    bool private_flag = false;
};

// Every file of `layout` below save_dir, in layout order.
std::vector<std::filesystem::path> layout_paths(const std::filesystem::path& save_dir, const TorrentLayout& layout);

// Writes the layout's files with distinct contents derived from `seed` (directories made).
// Throws std::runtime_error on a bad layout (empty names, "..", absolute paths) or I/O.
std::vector<std::filesystem::path> write_layout(const std::filesystem::path& save_dir, const TorrentLayout& layout,
                                                uint64_t seed);

// A v1 .torrent for the files of `layout` as they are now on disk below save_dir (read and
// hashed; pieces span file boundaries). Throws std::runtime_error when a file is missing
// or its size differs from the layout.
MadeTorrent torrent_from_disk(const std::filesystem::path& save_dir, const TorrentLayout& layout,
                              const TorrentMeta& meta);

// Hard-links each of `files` into library_dir (created) under its own file name, as a media
// library import does; returns the new paths.
std::vector<std::filesystem::path> hard_link_into(const std::vector<std::filesystem::path>& files,
                                                  const std::filesystem::path& library_dir);

}  // namespace qbt::testing
