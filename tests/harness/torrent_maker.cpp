#include "torrent_maker.hpp"

#include <openssl/sha.h>

#include <fstream>
#include <stdexcept>
#include <vector>

#include "bencode.hpp"

namespace qbt::testing {
namespace {

// splitmix64: cheap, deterministic, good enough to make every file different.
uint64_t next_random(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

std::string make_content(uint64_t size, uint64_t seed) {
    std::string data(size, '\0');
    uint64_t state = seed ^ 0x5151515151515151ULL;
    for (size_t i = 0; i < data.size(); i += 8) {
        uint64_t word = next_random(state);
        for (size_t b = 0; b < 8 && i + b < data.size(); ++b) data[i + b] = static_cast<char>(word >> (8 * b));
    }
    return data;
}

// Smallest power of two >= 16 KiB that keeps the piece count at or under 1024.
uint64_t piece_length_for(uint64_t size) {
    uint64_t piece = 16384;
    while (size / piece > 1024) piece *= 2;
    return piece;
}

std::string to_hex(const unsigned char* bytes, size_t count) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (size_t i = 0; i < count; ++i) {
        hex += digits[bytes[i] >> 4];
        hex += digits[bytes[i] & 15];
    }
    return hex;
}

MadeTorrent make_torrent(const std::filesystem::path& save_dir, const TorrentFileSpec& spec) {
    if (spec.name.empty() || spec.name.find('/') != std::string::npos || spec.name == "." || spec.name == "..")
        throw std::runtime_error("make_torrent: invalid torrent name '" + spec.name + "' (no '/', not empty)");
    if (spec.size_bytes == 0) throw std::runtime_error("make_torrent: size_bytes must be > 0 for '" + spec.name + "'");

    const std::string content = make_content(spec.size_bytes, spec.content_seed);
    const std::filesystem::path file = save_dir / spec.name;
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) throw std::runtime_error("make_torrent: cannot write " + file.string());
    }

    const uint64_t piece_length = piece_length_for(spec.size_bytes);
    std::string pieces;
    for (uint64_t offset = 0; offset < content.size(); offset += piece_length) {
        unsigned char digest[SHA_DIGEST_LENGTH];
        size_t length = std::min<uint64_t>(piece_length, content.size() - offset);
        SHA1(reinterpret_cast<const unsigned char*>(content.data() + offset), length, digest);
        pieces.append(reinterpret_cast<const char*>(digest), SHA_DIGEST_LENGTH);
    }

    // info dict, keys sorted: length, name, piece length, pieces, private
    std::string info = "d";
    bencode::put_string(info, "length");
    bencode::put_int(info, static_cast<int64_t>(spec.size_bytes));
    bencode::put_string(info, "name");
    bencode::put_string(info, spec.name);
    bencode::put_string(info, "piece length");
    bencode::put_int(info, static_cast<int64_t>(piece_length));
    bencode::put_string(info, "pieces");
    bencode::put_string(info, pieces);
    if (spec.private_flag) {
        bencode::put_string(info, "private");
        bencode::put_int(info, 1);
    }
    info += 'e';

    unsigned char info_digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(info.data()), info.size(), info_digest);

    MadeTorrent made;
    made.info_hash = to_hex(info_digest, SHA_DIGEST_LENGTH);
    std::string& torrent = made.torrent_data;
    torrent = "d";
    if (!spec.tracker.empty()) {
        bencode::put_string(torrent, "announce");
        bencode::put_string(torrent, spec.tracker);
    }
    bencode::put_string(torrent, "info");
    torrent += info;
    torrent += 'e';
    return made;
}

}  // namespace qbt::testing
