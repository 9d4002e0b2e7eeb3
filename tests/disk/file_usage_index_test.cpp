// FileUsageIndex on real files: sharing by path and by inode, links counted as directory
// entries, stat calls counted, missing/unreadable files and unknown torrents.
#include <gtest/gtest.h>

#include "index_test_support.hpp"

namespace qbt::disk::test {
namespace {

using Keys = std::vector<TorrentKey>;

TEST(FileUsageIndex, SamePathIsSharedAndEachPathIsStatedOnce) {
    qbt::testing::TempDir dir;
    const auto season = dir.path() / "Show.S01";
    const auto e1 = write_file(season / "e01.mkv"), e2 = write_file(season / "e02.mkv");
    const auto other = write_file(dir.path() / "other.iso");
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h1", {e1, e2}));
    index.add_torrent(torrent("a", "h2", {e1, e2}));  // a cross-seed: the same paths
    index.add_torrent(torrent("b", "h1", {season / "." / "e02.mkv"}));  // another instance, same file
    index.add_torrent(torrent("a", "h3", {other}));
    StatCounter stats;
    index.finish(stats);
    EXPECT_TRUE(index.complete()) << (index.problems().empty() ? "" : index.problems()[0]);
    EXPECT_EQ(stats.calls(), 3u);  // three distinct paths, each group of one path: no directory stat
    EXPECT_EQ(index.file_count(), 3u);
    EXPECT_EQ(index.sharers({"a", "h1"}), (Keys{{"a", "h2"}, {"b", "h1"}}));
    EXPECT_EQ(index.sharers({"b", "h1"}), (Keys{{"a", "h1"}, {"a", "h2"}}));
    EXPECT_TRUE(index.sharers({"a", "h3"}).empty());
    auto files = index.files_of({"a", "h2"});
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 2u);
    EXPECT_EQ((*files)[0].path, e1.string());
    EXPECT_EQ((*files)[0].shared_with, (Keys{{"a", "h1"}}));
    EXPECT_EQ((*files)[1].shared_with, (Keys{{"a", "h1"}, {"b", "h1"}}));
    EXPECT_TRUE((*files)[1].stat.present());
    EXPECT_EQ((*files)[1].stat.nlink, 1u);
    EXPECT_FALSE(index.files_of({"a", "nope"}));
}

TEST(FileUsageIndex, HardLinksShareByInodeAndCountAsLinks) {
    qbt::testing::TempDir dir;
    const auto movie = write_file(dir.path() / "downloads" / "Movie.mkv");
    const auto linked = dir.path() / "other" / "Movie.2020.mkv";
    std::filesystem::create_directories(linked.parent_path());
    std::filesystem::create_hard_link(movie, linked);
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h1", {movie}));
    index.add_torrent(torrent("a", "h2", {linked}));
    StatCounter stats;
    index.finish(stats);
    EXPECT_EQ(index.sharers({"a", "h1"}), (Keys{{"a", "h2"}}));
    EXPECT_EQ(index.known_links(movie.string()), 2u);
    EXPECT_EQ(stats.calls(), 4u);  // two files + their two parent directories (an inode at two paths)
    EXPECT_TRUE(index.in_use(linked.string(), stat_path(linked.string())));
    // A third link nobody's torrent lists: in use by inode (orphan scans), not a known link.
    const auto library = dir.path() / "library" / "Movie (2020).mkv";
    std::filesystem::create_directories(library.parent_path());
    std::filesystem::create_hard_link(movie, library);
    EXPECT_TRUE(index.in_use(library.string(), stat_path(library.string())));
    EXPECT_EQ(index.known_links(library.string()), 0u);  // not an indexed path
    const auto stranger = write_file(dir.path() / "library" / "stranger.mkv");
    EXPECT_FALSE(index.in_use(stranger.string(), stat_path(stranger.string())));
}

TEST(FileUsageIndex, AnAliasedDirectoryIsOneLinkNotTwo) {
    // A bind mount (here: a symlinked directory, its unprivileged twin) shows one directory
    // entry at two paths: the same inode, but one link, not a hard link.
    qbt::testing::TempDir dir;
    const auto real = write_file(dir.path() / "real" / "file.bin");
    std::filesystem::create_directory_symlink(dir.path() / "real", dir.path() / "alias");
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h1", {real}));
    index.add_torrent(torrent("b", "h2", {dir.path() / "alias" / "file.bin"}));
    StatCounter stats;
    index.finish(stats);
    EXPECT_EQ(index.sharers({"b", "h2"}), (Keys{{"a", "h1"}}));
    EXPECT_EQ(index.known_links(real.string()), 1u);
}

TEST(FileUsageIndex, GivenStatsAreNotRepeated) {
    qbt::testing::TempDir dir;
    const auto file = write_file(dir.path() / "single.iso");
    TorrentInput input = torrent("a", "h1", {file});
    input.files[0].stat = stat_path(file.string());
    FileUsageIndex index;
    index.add_torrent(input);
    StatCounter stats;
    index.finish(stats);
    EXPECT_EQ(stats.calls(), 0u);
    EXPECT_TRUE(index.files_of({"a", "h1"})->at(0).stat.present());
}

TEST(FileUsageIndex, MissingFilesAndUnknownTorrents) {
    qbt::testing::TempDir dir;
    const auto present = write_file(dir.path() / "x" / "present.bin");
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h1", {present, dir.path() / "x" / "gone.bin"}));
    index.add_torrent({{"a", "magnet"}, "magnet", {}, "metadata not loaded", false});
    StatCounter stats;
    index.finish(stats);
    // A missing file has no inode to share; a torrent without metadata has nothing on disk.
    EXPECT_TRUE(index.complete());
    EXPECT_EQ(index.files_of({"a", "h1"})->at(1).stat.state, FileStat::State::Missing);
    EXPECT_EQ(index.unknown_reason({"a", "magnet"}), "metadata not loaded");
    EXPECT_FALSE(index.files_of({"a", "magnet"}));

    FileUsageIndex failed;
    failed.add_torrent(torrent("a", "h1", {present}));
    failed.add_torrent({{"b", "h9"}, "Some.Show", {}, "file list failed: HTTP 500", true});
    failed.add_problem("instance 'c' unreachable: connection refused");
    failed.finish(stats);
    EXPECT_FALSE(failed.complete());
    ASSERT_EQ(failed.problems().size(), 2u);
    EXPECT_EQ(failed.problems()[0], "files of b/h9 (Some.Show) unknown: file list failed: HTTP 500");
    EXPECT_EQ(failed.problems()[1], "instance 'c' unreachable: connection refused");
}

TEST(FileUsageIndex, UnreadableDirectoryMakesTheIndexIncomplete) {
    qbt::testing::TempDir dir;
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                                 std::filesystem::perms::others_exec);
    const auto open_file = write_file(dir.path() / "open" / "a.bin");
    const auto hidden = write_file(dir.path() / "locked" / "b.bin");
    std::filesystem::permissions(dir.path() / "open", std::filesystem::perms::owner_all |
                                                          std::filesystem::perms::others_exec);
    std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::owner_all);  // 0700, root's
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h1", {open_file}));
    index.add_torrent(torrent("a", "h2", {hidden}));
    as_nobody([&] {
        StatCounter stats;
        index.finish(stats);
    });
    EXPECT_FALSE(index.complete());
    ASSERT_FALSE(index.problems().empty());
    EXPECT_EQ(index.problems()[0], hidden.string() + ": unreadable (Permission denied)");
    EXPECT_EQ(index.files_of({"a", "h2"})->at(0).stat.state, FileStat::State::Unreadable);
    EXPECT_TRUE(index.files_of({"a", "h1"})->at(0).stat.present());
}

TEST(FileUsageIndex, ProblemsAreCapped) {
    FileUsageIndex index;
    for (int i = 0; i < 80; ++i) index.add_problem("problem " + std::to_string(i));
    StatCounter stats;
    index.finish(stats);
    ASSERT_EQ(index.problems().size(), 51u);
    EXPECT_EQ(index.problems().back(), "... and 30 more");
}

}  // namespace
}  // namespace qbt::disk::test
