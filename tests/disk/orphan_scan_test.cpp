// Orphan scans on real directories: files no torrent uses (by path or inode) are listed,
// unless young or excluded; removal re-checks the file first.
#include <gtest/gtest.h>
#include <sys/time.h>

#include <ctime>

#include "disk/orphan_scan.hpp"
#include "index_test_support.hpp"

namespace qbt::disk::test {
namespace {

constexpr int64_t kHour = 3600;

// Sets mtime (and, through the change, ctime is now): files "older" than the grace need a
// `now` in the future instead, so tests move `now`, not the files.
int64_t in_two_hours() { return static_cast<int64_t>(std::time(nullptr)) + 2 * kHour; }

std::vector<std::string> paths(const OrphanScan& scan) {
    std::vector<std::string> out;
    for (const auto& orphan : scan.orphans) out.push_back(orphan.path);
    return out;
}

struct Fixture {
    qbt::testing::TempDir dir;
    FileUsageIndex index;
    StatCounter stats;
    std::filesystem::path root() const { return dir.path() / "downloads"; }
};

TEST(OrphanScan, ListsOnlyFilesNoTorrentUses) {
    Fixture f;
    const auto season = f.root() / "Show.S01";
    const auto e1 = write_file(season / "e01.mkv"), e2 = write_file(season / "e02.mkv");
    const auto leftover = write_file(season / "sample.mkv", "left behind");
    const auto old_release = write_file(f.root() / "Old.Release" / "old.iso", "0123456789");
    const auto linked = f.root() / "renamed.mkv";  // a second name of a torrent's file
    std::filesystem::create_hard_link(e1, linked);
    write_file(f.root() / "Incoming.iso.!qB");
    write_file(f.root() / "x" / ".fuse_hidden000123");
    write_file(f.root() / "notes.nfo");
    std::filesystem::create_symlink(old_release, f.root() / "link-to-old");
    f.index.add_torrent(torrent("a", "h1", {e1, e2}));
    f.index.finish(f.stats);

    OrphanOptions options{in_two_hours(), kHour, {"*.nfo"}, {}, 1000};
    const OrphanScan scan = scan_orphans({f.root().string(), season.string(), f.root().string() + "/"}, f.index, options);
    EXPECT_EQ(scan.roots, (std::vector<std::string>{f.root().string()}));  // nested and repeated roots once
    EXPECT_EQ(paths(scan), (std::vector<std::string>{old_release.string(), leftover.string()}));
    EXPECT_EQ(scan.orphan_count, 2u);
    EXPECT_EQ(scan.orphan_bytes, 10u + 11u);
    EXPECT_EQ(scan.in_use, 3u);    // e01, e02 and the hard link
    EXPECT_EQ(scan.excluded, 3u);  // .!qB, .fuse_hidden, the user's *.nfo
    EXPECT_EQ(scan.files_seen, 8u);
    EXPECT_TRUE(scan.problems.empty());
    EXPECT_GE(scan.orphans[0].age_seconds, 2 * kHour - 60);
}

TEST(OrphanScan, GraceMaxAndExcludedDirectories) {
    Fixture f;
    for (int i = 0; i < 5; ++i) write_file(f.root() / ("junk" + std::to_string(i)));
    write_file(f.root() / "bin" / "deleted.mkv");
    f.index.finish(f.stats);
    // Just written: too young for a one-hour grace.
    OrphanOptions now{static_cast<int64_t>(std::time(nullptr)), kHour, {}, {}, 1000};
    EXPECT_EQ(scan_orphans({f.root().string()}, f.index, now).too_young, 6u);
    OrphanOptions later{in_two_hours(), kHour, {}, {(f.root() / "bin").string()}, 3};
    const OrphanScan scan = scan_orphans({f.root().string()}, f.index, later);
    EXPECT_EQ(scan.orphan_count, 5u);  // the recycle bin folder is never entered
    EXPECT_EQ(scan.orphans.size(), 3u);
    EXPECT_EQ(scan.orphans[0].path, (f.root() / "junk0").string());
}

TEST(OrphanScan, MissingRootsAndUnreadableFoldersAreProblems) {
    Fixture f;
    std::filesystem::permissions(f.dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_exec);
    write_file(f.root() / "open" / "a.bin");
    write_file(f.root() / "locked" / "b.bin");
    std::filesystem::permissions(f.root(), std::filesystem::perms::owner_all | std::filesystem::perms::others_all);
    std::filesystem::permissions(f.root() / "open", std::filesystem::perms::owner_all | std::filesystem::perms::others_all);
    std::filesystem::permissions(f.root() / "locked", std::filesystem::perms::owner_all);
    f.index.finish(f.stats);
    OrphanScan scan;
    as_nobody([&] {
        scan = scan_orphans({f.root().string(), (f.dir.path() / "nowhere").string()}, f.index,
                            {in_two_hours(), kHour, {}, {}, 1000});
    });
    EXPECT_EQ(paths(scan), (std::vector<std::string>{(f.root() / "open" / "a.bin").string()}));
    ASSERT_EQ(scan.problems.size(), 2u);
    EXPECT_EQ(scan.problems[0], (f.root() / "locked").string() + ": cannot list (Permission denied)");
    EXPECT_EQ(scan.problems[1], (f.dir.path() / "nowhere").string() + ": missing");
}

TEST(OrphanScan, RemovalChecksTheFileAgain) {
    Fixture f;
    const auto a = write_file(f.root() / "a.bin"), b = write_file(f.root() / "b.bin"), c = write_file(f.root() / "c.bin");
    f.index.finish(f.stats);
    const OrphanScan scan = scan_orphans({f.root().string()}, f.index, {in_two_hours(), kHour, {}, {}, 1000});
    ASSERT_EQ(scan.orphans.size(), 3u);
    EXPECT_EQ(remove_orphan(scan.orphans[0], f.index), "");
    EXPECT_FALSE(std::filesystem::exists(a));
    EXPECT_EQ(remove_orphan(scan.orphans[0], f.index), "already gone");
    // Replaced by another file under the same name since the scan: not the scanned file.
    std::filesystem::remove(b);
    write_file(b, "a new download");
    EXPECT_EQ(remove_orphan(scan.orphans[1], f.index), "changed since the scan");
    EXPECT_TRUE(std::filesystem::exists(b));
    // Now used by a torrent (the index a later job built): kept.
    FileUsageIndex later;
    later.add_torrent(torrent("a", "h", {c}));
    later.finish(f.stats);
    EXPECT_EQ(remove_orphan(scan.orphans[2], later), "in use");
    EXPECT_TRUE(std::filesystem::exists(c));
}

}  // namespace
}  // namespace qbt::disk::test
