#include "disk/recycle_bin.hpp"

#include "disk/file_ops.hpp"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

namespace qbt::disk {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingPrefix = ".staging-";

std::string compact_utc(int64_t unix_seconds) {
    return fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(static_cast<std::time_t>(unix_seconds)));
}

// `base`, or `base-2`, `base-3`... whichever does not exist yet under `dir`.
fs::path unused_name(const fs::path& dir, const std::string& base) {
    fs::path candidate = dir / base;
    for (int n = 2; fs::exists(candidate); ++n) candidate = dir / (base + "-" + std::to_string(n));
    return candidate;
}

std::optional<BinEntry> read_entry(const fs::path& dir) {
    try {
        return BinEntry{dir, BinRecord::from_json(read_file(dir / "torrent.json"))};
    } catch (const std::exception& e) {
        spdlog::warn("recycle bin: {} is not a readable entry, left alone: {}", dir.string(), e.what());
        return std::nullopt;
    }
}

}  // namespace

bool BinEntry::staging() const { return dir.filename().string().rfind(kStagingPrefix, 0) == 0; }

RecycleBin::RecycleBin(fs::path dir, std::chrono::seconds keep) : dir_(std::move(dir)), keep_(keep) {}

BinEntry RecycleBin::prepare(BinRecord record, std::string_view torrent_file) {
    make_dirs(dir_);
    record.state = kBinPrepared;
    const std::string base = std::string(kStagingPrefix) + record.hash + "-" + compact_utc(record.deleted_at);
    BinEntry entry{unused_name(dir_, base), std::move(record)};
    make_dirs(entry.data_dir());
    write_file_atomically(entry.torrent_file(), torrent_file);
    write_file_atomically(entry.dir / "torrent.json", entry.record.to_json());
    sync_dir(dir_);
    return entry;
}

void RecycleBin::set_state(BinEntry& entry, const char* state) {
    entry.record.state = state;
    write_file_atomically(entry.dir / "torrent.json", entry.record.to_json());
}

void RecycleBin::finish(BinEntry& entry) {
    set_state(entry, kBinComplete);
    if (!entry.staging()) return;
    const std::string name = entry.dir.filename().string().substr(kStagingPrefix.size());
    const fs::path final_dir = unused_name(dir_, name);
    if (!rename_no_replace(entry.dir, final_dir))
        throw FileError("cannot rename " + entry.dir.string() + " to " + final_dir.string());
    sync_dir(dir_);
    entry.dir = final_dir;
}

void RecycleBin::drop(const BinEntry& entry) {
    if (!entry.staging()) throw FileError("refusing to drop " + entry.dir.string() + ": not a staging entry");
    remove(entry);
}

void RecycleBin::remove(const BinEntry& entry) {
    std::error_code ec;
    fs::remove_all(entry.dir, ec);
    if (ec) throw FileError("cannot remove " + entry.dir.string() + ": " + ec.message());
    sync_dir(dir_);
}

std::vector<BinEntry> RecycleBin::interrupted() const {
    std::vector<BinEntry> out;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(dir_, ec)) {
        if (!item.is_directory()) continue;
        auto entry = read_entry(item.path());
        if (entry && (entry->staging() || entry->record.state == kBinRestoring)) out.push_back(std::move(*entry));
    }
    return out;
}

std::vector<BinEntry> RecycleBin::entries() const {
    std::vector<BinEntry> out;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(dir_, ec)) {
        if (!item.is_directory() || item.path().filename().string().rfind(kStagingPrefix, 0) == 0) continue;
        auto entry = read_entry(item.path());
        if (entry && entry->record.state == kBinComplete) out.push_back(std::move(*entry));
    }
    std::sort(out.begin(), out.end(), [](const BinEntry& a, const BinEntry& b) {
        return a.record.deleted_at != b.record.deleted_at ? a.record.deleted_at > b.record.deleted_at
                                                          : a.dir.filename() > b.dir.filename();
    });
    return out;
}

std::optional<BinEntry> RecycleBin::newest(const std::string& hash) const {
    for (BinEntry& entry : entries())
        if (entry.record.hash == hash) return std::move(entry);
    return std::nullopt;
}

std::vector<std::string> RecycleBin::conflicts(const BinEntry& entry) const {
    std::vector<std::string> out;
    for (const BinFile& file : entry.record.files) {
        const fs::path target = fs::path(entry.record.local_save_path) / file.path;
        std::error_code ec;
        if (fs::exists(fs::symlink_status(target, ec))) out.push_back(target.string());
    }
    return out;
}

int RecycleBin::expire(std::chrono::system_clock::time_point now) {
    const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    int removed = 0;
    for (const BinEntry& entry : entries()) {
        if (expires_at(entry.record) > now_s) continue;
        try {
            remove(entry);
            ++removed;
            spdlog::info("recycle bin: emptied {} ({}, deleted {})", entry.dir.filename().string(),
                         entry.record.name, iso_utc(entry.record.deleted_at));
        } catch (const std::exception& e) {
            spdlog::warn("recycle bin: {}", e.what());
        }
    }
    return removed;
}

}  // namespace qbt::disk
