// Moving and removing files without ever overwriting one: the primitives of the recycle
// bin, restore and the guarded delete. Paths are local ones (after qbittorrent.path_map).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace qbt::disk {

// A file operation failed; the message names the path(s) and the system's reason.
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// rename(2) that never replaces an existing `to` (renameat2 RENAME_NOREPLACE; link +
// unlink where the file system lacks it). Returns false, changing nothing, when `from` and
// `to` are on different file systems; throws FileError on any other failure (`to` exists,
// `from` missing, no permission).
bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

// Copies the regular file `from` to `to` through `to.part` (written, fsynced, then renamed
// without replacing), keeping its mode and modification time. `from` stays. Throws
// FileError (`to` exists, read or write failed); no `to` and no `.part` are left on failure.
void copy_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

// The directory and its missing parents. Throws FileError.
void make_dirs(const std::filesystem::path& dir);

// Unlinks a file: true when removed, false when it was already gone. Throws FileError.
bool remove_file(const std::filesystem::path& file);

// Removes `dir`, then its parents, while each is empty, never `stop` itself nor anything
// outside it (a `dir` not inside `stop` is left alone). Errors are ignored: a folder that
// cannot go simply stays.
void remove_empty_dirs(const std::filesystem::path& dir, const std::filesystem::path& stop);

// fsync of a directory, so a rename or unlink in it survives a crash.
void sync_dir(const std::filesystem::path& dir);

// Writes `text` to `file` atomically: `file.tmp`, fsync, rename over `file`, fsync the
// directory. Throws FileError.
void write_file_atomically(const std::filesystem::path& file, std::string_view text);

// The whole file as text. Throws FileError.
std::string read_file(const std::filesystem::path& file);

}  // namespace qbt::disk
