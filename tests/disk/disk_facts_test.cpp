// info.cross_seeds and info.hardlinks from the index, and when they are unknown.
#include <gtest/gtest.h>

#include "disk/disk_facts.hpp"
#include "index_test_support.hpp"

namespace qbt::disk::test {
namespace {

struct Built {
    FileUsageIndex index;
    StatCounter stats;
};

std::unique_ptr<Built> build(const std::vector<TorrentInput>& torrents, const std::string& problem = "") {
    auto built = std::make_unique<Built>();
    for (const auto& t : torrents) built->index.add_torrent(t);
    if (!problem.empty()) built->index.add_problem(problem);
    built->index.finish(built->stats);
    return built;
}

std::string hardlinks_of(const FileUsageIndex& index, const TorrentKey& key) {
    auto fact = hardlinks(index, key);
    return fact.value ? hardlinks_name(*fact.value) : "unknown: " + fact.reason;
}

std::string cross_seeds_of(const FileUsageIndex& index, const TorrentKey& key) {
    auto fact = cross_seeds(index, key);
    return fact.value ? std::to_string(*fact.value) : "unknown: " + fact.reason;
}

TEST(DiskFacts, NoneTorrentsOutside) {
    qbt::testing::TempDir dir;
    const auto lone = write_file(dir.path() / "lone.iso");
    const auto season = dir.path() / "Show";
    const auto e1 = write_file(season / "e01.mkv"), e2 = write_file(season / "e02.mkv");
    // A cross-seed of the season by path, and a repack torrent hard-linking e01 elsewhere.
    const auto repack = dir.path() / "Show.REPACK" / "e01.mkv";
    std::filesystem::create_directories(repack.parent_path());
    std::filesystem::create_hard_link(e1, repack);
    // A movie imported into a media library by hard link.
    const auto movie = write_file(dir.path() / "Movie.mkv");
    std::filesystem::create_directories(dir.path() / "library");
    std::filesystem::create_hard_link(movie, dir.path() / "library" / "Movie (2020).mkv");
    auto built = build({torrent("a", "lone", {lone}), torrent("a", "season", {e1, e2}),
                        torrent("b", "xseed", {e1, e2}), torrent("a", "repack", {repack}),
                        torrent("a", "movie", {movie})});
    const auto& index = built->index;
    EXPECT_EQ(hardlinks_of(index, {"a", "lone"}), "none");
    EXPECT_EQ(cross_seeds_of(index, {"a", "lone"}), "0");
    EXPECT_EQ(hardlinks_of(index, {"a", "season"}), "torrents");  // e01's other link is the repack's file
    EXPECT_EQ(cross_seeds_of(index, {"a", "season"}), "2");       // the cross-seed and the repack
    EXPECT_EQ(cross_seeds_of(index, {"b", "xseed"}), "2");
    EXPECT_EQ(cross_seeds_of(index, {"a", "repack"}), "2");
    EXPECT_EQ(hardlinks_of(index, {"a", "repack"}), "torrents");
    EXPECT_EQ(hardlinks_of(index, {"a", "movie"}), "outside");   // the library link
    EXPECT_EQ(cross_seeds_of(index, {"a", "movie"}), "0");
}

TEST(DiskFacts, AliasedPathIsNotALinkButALibraryLinkStillCounts) {
    qbt::testing::TempDir dir;
    const auto real = write_file(dir.path() / "real" / "f.bin");
    std::filesystem::create_directory_symlink(dir.path() / "real", dir.path() / "alias");
    auto plain = build({torrent("a", "h1", {real}), torrent("b", "h2", {dir.path() / "alias" / "f.bin"})});
    EXPECT_EQ(hardlinks_of(plain->index, {"a", "h1"}), "none");
    EXPECT_EQ(cross_seeds_of(plain->index, {"a", "h1"}), "1");
    // Now a library link: two links on disk, two indexed paths, but only one of them is a
    // link of its own: counting paths would call the library link a torrent's.
    std::filesystem::create_directories(dir.path() / "library");
    std::filesystem::create_hard_link(real, dir.path() / "library" / "f.bin");
    auto linked = build({torrent("a", "h1", {real}), torrent("b", "h2", {dir.path() / "alias" / "f.bin"})});
    EXPECT_EQ(hardlinks_of(linked->index, {"a", "h1"}), "outside");
    EXPECT_EQ(hardlinks_of(linked->index, {"b", "h2"}), "outside");
}

TEST(DiskFacts, UnknownWithAReasonNeverAGuess) {
    qbt::testing::TempDir dir;
    const auto here = write_file(dir.path() / "here.bin");
    const auto linked = write_file(dir.path() / "linked.bin");
    std::filesystem::create_hard_link(linked, dir.path() / "elsewhere.bin");
    TorrentInput partial = torrent("a", "partial", {here, dir.path() / "skipped.bin"});
    partial.files[1].wanted = false;  // not downloaded: rightly absent
    auto built = build({torrent("a", "gone", {dir.path() / "gone.bin"}), partial,
                        {{"a", "magnet"}, "magnet", {}, "metadata not loaded", false},
                        torrent("a", "linked", {linked})},
                       "instance 'b' unreachable: connection refused");
    const auto& index = built->index;
    EXPECT_EQ(hardlinks_of(index, {"a", "gone"}), "unknown: file missing");
    EXPECT_EQ(cross_seeds_of(index, {"a", "gone"}), "unknown: file missing");
    EXPECT_EQ(hardlinks_of(index, {"a", "magnet"}), "unknown: metadata not loaded");
    EXPECT_EQ(hardlinks_of(index, {"a", "unknown"}), "unknown: torrent not in the file-usage index");
    // Incomplete index: "none" needs only the torrent's own files; the rest cannot be said.
    EXPECT_EQ(hardlinks_of(index, {"a", "partial"}), "none");
    EXPECT_EQ(cross_seeds_of(index, {"a", "partial"}), "unknown: file-usage index incomplete");
    EXPECT_EQ(hardlinks_of(index, {"a", "linked"}), "unknown: file-usage index incomplete");
}

TEST(DiskFacts, UnreadableFileIsUnknown) {
    qbt::testing::TempDir dir;
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_exec);
    const auto hidden = write_file(dir.path() / "locked" / "b.bin");
    std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::owner_all);
    FileUsageIndex index;
    index.add_torrent(torrent("a", "h", {hidden}));
    as_nobody([&] {
        StatCounter stats;
        index.finish(stats);
    });
    EXPECT_EQ(hardlinks_of(index, {"a", "h"}), "unknown: file unreadable");
    EXPECT_EQ(cross_seeds_of(index, {"a", "h"}), "unknown: file unreadable");
}

}  // namespace
}  // namespace qbt::disk::test
