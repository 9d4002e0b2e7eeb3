// host/disk file primitives on temporary folders: nothing is ever overwritten, copies
// across file systems are whole or absent, empty folders go only inside their root.
#include "disk/file_ops.hpp"
#include "disk_test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace qbt::testing {
namespace {

namespace fs = std::filesystem;
using disk::FileError;

TEST(FileOps, RenameNeverReplacesTheTarget) {
    TempDir dir;
    write_text(dir.path() / "a", "source");
    write_text(dir.path() / "b", "target");
    EXPECT_THROW(disk::rename_no_replace(dir.path() / "a", dir.path() / "b"), FileError);
    EXPECT_EQ(read_text(dir.path() / "b"), "target");
    EXPECT_EQ(read_text(dir.path() / "a"), "source");
    ASSERT_TRUE(disk::rename_no_replace(dir.path() / "a", dir.path() / "c"));
    EXPECT_FALSE(fs::exists(dir.path() / "a"));
    EXPECT_EQ(read_text(dir.path() / "c"), "source");
    EXPECT_THROW(disk::rename_no_replace(dir.path() / "missing", dir.path() / "d"), FileError);
}

TEST(FileOps, RenameKeepsTheInodeSoAHardLinkStaysLinked) {
    TempDir dir;
    write_text(dir.path() / "torrent.mkv", "video");
    fs::create_directories(dir.path() / "library");
    fs::create_hard_link(dir.path() / "torrent.mkv", dir.path() / "library" / "movie.mkv");
    ASSERT_TRUE(disk::rename_no_replace(dir.path() / "torrent.mkv", dir.path() / "bin.mkv"));
    EXPECT_EQ(fs::hard_link_count(dir.path() / "library" / "movie.mkv"), 2u);
    EXPECT_TRUE(fs::equivalent(dir.path() / "library" / "movie.mkv", dir.path() / "bin.mkv"));
}

TEST(FileOps, CrossFileSystemRenameIsRefusedSoTheCallerCopies) {
    TempDir here;
    auto there = temp_dir_elsewhere(here.path());
    if (!there) GTEST_SKIP() << "/dev/shm is on the same file system as " << here.path();
    write_text(here.path() / "a", "payload");
    EXPECT_FALSE(disk::rename_no_replace(here.path() / "a", there->path() / "a"));
    EXPECT_TRUE(fs::exists(here.path() / "a"));
    EXPECT_FALSE(fs::exists(there->path() / "a"));

    ::chmod((here.path() / "a").c_str(), 0640);
    fs::last_write_time(here.path() / "a", fs::file_time_type::clock::now() - std::chrono::hours(48));
    disk::copy_no_replace(here.path() / "a", there->path() / "a");
    EXPECT_EQ(read_text(there->path() / "a"), "payload");
    EXPECT_EQ(read_text(here.path() / "a"), "payload") << "a copy keeps its source";
    EXPECT_EQ(fs::status(there->path() / "a").permissions(), fs::status(here.path() / "a").permissions());
    EXPECT_EQ(fs::last_write_time(there->path() / "a"), fs::last_write_time(here.path() / "a"));
    EXPECT_FALSE(fs::exists(there->path() / "a.qbt-rules-part"));
}

TEST(FileOps, CopyNeverReplacesAndLeavesNothingOnFailure) {
    TempDir dir;
    write_text(dir.path() / "a", "new");
    write_text(dir.path() / "b", "old");
    EXPECT_THROW(disk::copy_no_replace(dir.path() / "a", dir.path() / "b"), FileError);
    EXPECT_EQ(read_text(dir.path() / "b"), "old");
    EXPECT_THROW(disk::copy_no_replace(dir.path() / "missing", dir.path() / "c"), FileError);
    EXPECT_FALSE(fs::exists(dir.path() / "c"));
    EXPECT_FALSE(fs::exists(dir.path() / "c.qbt-rules-part"));
    // A .part an interrupted copy left is ours: the next copy replaces it.
    write_text(dir.path() / "d.qbt-rules-part", "half");
    disk::copy_no_replace(dir.path() / "a", dir.path() / "d");
    EXPECT_EQ(read_text(dir.path() / "d"), "new");
    EXPECT_FALSE(fs::exists(dir.path() / "d.qbt-rules-part"));
}

TEST(FileOps, EmptyFoldersGoUpToButNotIncludingTheRoot) {
    TempDir dir;
    const fs::path root = dir.path() / "save";
    fs::create_directories(root / "Show" / "Season 1" / "extras");
    write_text(root / "Show" / "keep.nfo", "x");
    disk::remove_empty_dirs(root / "Show" / "Season 1" / "extras", root);
    EXPECT_FALSE(fs::exists(root / "Show" / "Season 1"));
    EXPECT_TRUE(fs::exists(root / "Show" / "keep.nfo")) << "a folder with a file stays";
    fs::remove(root / "Show" / "keep.nfo");
    disk::remove_empty_dirs(root / "Show", root);
    EXPECT_FALSE(fs::exists(root / "Show"));
    EXPECT_TRUE(fs::exists(root)) << "the root itself stays";
    fs::create_directories(dir.path() / "elsewhere");
    disk::remove_empty_dirs(dir.path() / "elsewhere", root);
    EXPECT_TRUE(fs::exists(dir.path() / "elsewhere")) << "a folder outside the root is left alone";
}

TEST(FileOps, RemoveFileAndAtomicWrite) {
    TempDir dir;
    write_text(dir.path() / "x", "1");
    EXPECT_TRUE(disk::remove_file(dir.path() / "x"));
    EXPECT_FALSE(disk::remove_file(dir.path() / "x"));
    disk::write_file_atomically(dir.path() / "j.json", "{\"a\":1}");
    disk::write_file_atomically(dir.path() / "j.json", "{\"a\":2}");
    EXPECT_EQ(disk::read_file(dir.path() / "j.json"), "{\"a\":2}");
    EXPECT_FALSE(fs::exists(dir.path() / "j.json.tmp"));
    EXPECT_THROW(disk::read_file(dir.path() / "nope"), FileError);
}

}  // namespace
}  // namespace qbt::testing
