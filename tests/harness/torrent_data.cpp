#include "torrent_data.hpp"

#include <openssl/sha.h>

#include <fstream>
#include <stdexcept>

#include "bencode.hpp"

namespace qbt::testing {
namespace {

void check_relative(const std::string& path, const std::string& what) {
    const std::filesystem::path p(path);
    if (path.empty() || p.is_absolute())
        throw std::runtime_error("torrent layout: " + what + " '" + path + "' must be a non-empty relative path");
    for (const auto& part : p)
        if (part == ".." || part == ".")
            throw std::runtime_error("torrent layout: " + what + " '" + path + "' may not hold '.' or '..'");
}

uint64_t file_size(const TorrentLayout& layout, size_t i) {
    return layout.files.empty() ? layout.size_bytes : layout.files[i].second;
}

// Feeds the concatenated files into SHA-1 pieces of `piece_length`.
class PieceHasher {
public:
    explicit PieceHasher(uint64_t piece_length) : piece_length_(piece_length) {}
    void add(const char* data, size_t size) {
        while (size > 0) {
            size_t take = std::min<size_t>(size, piece_length_ - buffer_.size());
            buffer_.append(data, take);
            data += take;
            size -= take;
            if (buffer_.size() == piece_length_) flush();
        }
    }
    std::string finish() {
        if (!buffer_.empty()) flush();
        return std::move(pieces_);
    }

private:
    void flush() {
        unsigned char digest[SHA_DIGEST_LENGTH];
        SHA1(reinterpret_cast<const unsigned char*>(buffer_.data()), buffer_.size(), digest);
        pieces_.append(reinterpret_cast<const char*>(digest), SHA_DIGEST_LENGTH);
        buffer_.clear();
    }
    uint64_t piece_length_;
    std::string buffer_;
    std::string pieces_;
};

}  // namespace

std::vector<std::filesystem::path> layout_paths(const std::filesystem::path& save_dir, const TorrentLayout& layout) {
    check_relative(layout.name, "name");
    if (layout.name.find('/') != std::string::npos)
        throw std::runtime_error("torrent layout: name '" + layout.name + "' may not hold '/'");
    if (layout.files.empty()) return {save_dir / layout.name};
    std::vector<std::filesystem::path> paths;
    for (const auto& [relative, size] : layout.files) {
        check_relative(relative, "file");
        paths.push_back(save_dir / layout.name / relative);
    }
    return paths;
}

std::vector<std::filesystem::path> write_layout(const std::filesystem::path& save_dir, const TorrentLayout& layout,
                                                uint64_t seed) {
    auto paths = layout_paths(save_dir, layout);
    for (size_t i = 0; i < paths.size(); ++i) {
        const uint64_t size = file_size(layout, i);
        if (size == 0) throw std::runtime_error("torrent layout: " + paths[i].string() + " must have size > 0");
        std::filesystem::create_directories(paths[i].parent_path());
        const std::string content = make_content(size, seed * 1000003 + i);
        std::ofstream out(paths[i], std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) throw std::runtime_error("write_layout: cannot write " + paths[i].string());
    }
    return paths;
}

MadeTorrent torrent_from_disk(const std::filesystem::path& save_dir, const TorrentLayout& layout,
                              const TorrentMeta& meta) {
    const auto paths = layout_paths(save_dir, layout);
    uint64_t total = 0;
    for (size_t i = 0; i < paths.size(); ++i) {
        std::error_code ec;
        const auto on_disk = std::filesystem::file_size(paths[i], ec);
        if (ec || on_disk != file_size(layout, i))
            throw std::runtime_error("torrent_from_disk: " + paths[i].string() +
                                     (ec ? " is missing" : " does not have the layout's size"));
        total += on_disk;
    }
    const uint64_t piece_length = piece_length_for(total);
    PieceHasher hasher(piece_length);
    std::string chunk(1 << 16, '\0');
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
            hasher.add(chunk.data(), static_cast<size_t>(in.gcount()));
    }

    // info dict, keys in byte order: files|length, name, piece length, pieces, private, source
    std::string info = "d";
    if (layout.files.empty()) {
        bencode::put_string(info, "length");
        bencode::put_int(info, static_cast<int64_t>(layout.size_bytes));
    } else {
        bencode::put_string(info, "files");
        info += 'l';
        for (const auto& [relative, size] : layout.files) {
            info += 'd';
            bencode::put_string(info, "length");
            bencode::put_int(info, static_cast<int64_t>(size));
            bencode::put_string(info, "path");
            info += 'l';
            for (const auto& part : std::filesystem::path(relative)) bencode::put_string(info, part.string());
            info += "ee";
        }
        info += 'e';
    }
    bencode::put_string(info, "name");
    bencode::put_string(info, layout.name);
    bencode::put_string(info, "piece length");
    bencode::put_int(info, static_cast<int64_t>(piece_length));
    bencode::put_string(info, "pieces");
    bencode::put_string(info, hasher.finish());
    if (meta.private_flag) {
        bencode::put_string(info, "private");
        bencode::put_int(info, 1);
    }
    if (!meta.source.empty()) {
        bencode::put_string(info, "source");
        bencode::put_string(info, meta.source);
    }
    info += 'e';

    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(info.data()), info.size(), digest);
    MadeTorrent made;
    made.info_hash = to_hex(digest, SHA_DIGEST_LENGTH);
    made.torrent_data = "d";
    if (!meta.tracker.empty()) {
        bencode::put_string(made.torrent_data, "announce");
        bencode::put_string(made.torrent_data, meta.tracker);
    }
    bencode::put_string(made.torrent_data, "info");
    made.torrent_data += info + "e";
    return made;
}

std::vector<std::filesystem::path> hard_link_into(const std::vector<std::filesystem::path>& files,
                                                  const std::filesystem::path& library_dir) {
    std::filesystem::create_directories(library_dir);
    std::vector<std::filesystem::path> links;
    for (const auto& file : files) {
        links.push_back(library_dir / file.filename());
        std::filesystem::create_hard_link(file, links.back());
    }
    return links;
}

}  // namespace qbt::testing
