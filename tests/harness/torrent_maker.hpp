// Builds real single-file v1 .torrent files in-process (bencode + SHA-1 from libcrypto),
// fast enough for thousands of torrents: no process per torrent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace qbt::testing {

struct MadeTorrent {
    std::string info_hash;    // 40 lowercase hex chars: what the Web API calls `hash`
    std::string torrent_data; // the bencoded .torrent
};

struct TorrentFileSpec {
    std::string name;         // file name inside save_dir and torrent name
    uint64_t size_bytes = 16384;
    std::string tracker;      // announce URL (must be on 127.0.0.1)
    bool private_flag = false;
    uint64_t content_seed = 0;  // distinct seeds give distinct contents, hence hashes
};

// Writes save_dir/<name> with pseudo-random bytes derived from content_seed and returns
// the matching .torrent. Throws std::runtime_error on I/O errors or a bad name.
MadeTorrent make_torrent(const std::filesystem::path& save_dir, const TorrentFileSpec& spec);

// Shared with torrent_data.cpp (multi-file torrents over existing files).
std::string make_content(uint64_t size, uint64_t seed);  // deterministic bytes per seed
uint64_t piece_length_for(uint64_t total_size);          // >= 16 KiB, <= 1024 pieces
std::string to_hex(const unsigned char* bytes, size_t count);

}  // namespace qbt::testing
