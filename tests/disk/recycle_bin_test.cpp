// host/disk RecycleBin on temporary folders: the protocol's steps, resuming an interrupted
// move (in and out), never overwriting, listing and expiry.
#include "disk/file_ops.hpp"
#include "disk/recycle_bin.hpp"
#include "disk_test_support.hpp"

#include <gtest/gtest.h>

namespace qbt::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class RecycleBinTest : public ::testing::Test {
protected:
    void SetUp() override {
        save_ = dir_.path() / "downloads";
        write_text(save_ / "Show" / "e01.mkv", "episode one");
        write_text(save_ / "Show" / "sub" / "e01.srt", "subs");
        write_text(save_ / "Show" / "shared.nfo", "kept");  // shared with another torrent: not in the record
    }

    disk::BinRecord record(int64_t deleted_at = 1'700'000'000) const {
        disk::BinRecord r;
        r.hash = "aaaa000000000000000000000000000000000001";
        r.name = "Show";
        r.instance = "default";
        r.save_path = "/downloads";
        r.local_save_path = save_.string();
        r.content_layout = "Original";
        r.tags = {"tv", "done"};
        r.category = "shows";
        r.deleted_at = deleted_at;
        r.rule = "cleanup";
        r.job = "job-1";
        r.files = {{"Show/e01.mkv", 11}, {"Show/sub/e01.srt", 4}};
        return r;
    }

    TempDir dir_;
    fs::path save_;
    disk::RecycleBin bin_{dir_.path() / "bin", 86400s};
};

TEST_F(RecycleBinTest, AFullDeleteMovesTheFilesAndKeepsWhatItWas) {
    disk::BinEntry entry = bin_.prepare(record(), "d8:announce...e");
    EXPECT_TRUE(entry.staging());
    EXPECT_EQ(disk::read_file(entry.torrent_file()), "d8:announce...e");
    EXPECT_TRUE(bin_.entries().empty()) << "a staging entry is not listed";
    bin_.set_state(entry, disk::kBinMoving);
    const disk::MoveReport report = bin_.move_in(entry);
    EXPECT_EQ(report.renamed, 2);
    EXPECT_EQ(report.bytes, 15u);
    bin_.finish(entry);
    EXPECT_FALSE(entry.staging());

    EXPECT_EQ(read_text(entry.data_dir() / "Show" / "e01.mkv"), "episode one");
    EXPECT_EQ(read_text(entry.data_dir() / "Show" / "sub" / "e01.srt"), "subs");
    EXPECT_FALSE(fs::exists(save_ / "Show" / "e01.mkv"));
    EXPECT_FALSE(fs::exists(save_ / "Show" / "sub")) << "the emptied folder goes";
    EXPECT_EQ(read_text(save_ / "Show" / "shared.nfo"), "kept") << "a file not in the record stays";

    const auto listed = bin_.entries();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].record.state, disk::kBinComplete);
    EXPECT_EQ(listed[0].record.tags, (std::vector<std::string>{"tv", "done"}));
    EXPECT_EQ(listed[0].record.bytes(), 15u);
    EXPECT_EQ(listed[0].dir.filename(), "aaaa000000000000000000000000000000000001-20231114T221320Z");
    EXPECT_TRUE(bin_.newest(record().hash).has_value());
    EXPECT_FALSE(bin_.newest("bbbb").has_value());
}

TEST_F(RecycleBinTest, AnInterruptedMoveIsFoundAndRolledForward) {
    disk::BinEntry entry = bin_.prepare(record(), "t");
    bin_.set_state(entry, disk::kBinMoving);
    // As if killed after the first file: it is in the bin, the second is still at home.
    fs::create_directories(entry.data_dir() / "Show");
    fs::rename(save_ / "Show" / "e01.mkv", entry.data_dir() / "Show" / "e01.mkv");

    const auto interrupted = bin_.interrupted();
    ASSERT_EQ(interrupted.size(), 1u);
    disk::BinEntry found = interrupted[0];
    EXPECT_EQ(found.record.state, disk::kBinMoving);
    const disk::MoveReport report = bin_.move_in(found);
    EXPECT_EQ(report.renamed, 1);
    bin_.finish(found);
    EXPECT_EQ(read_text(found.data_dir() / "Show" / "sub" / "e01.srt"), "subs");
    EXPECT_EQ(read_text(found.data_dir() / "Show" / "e01.mkv"), "episode one");
    EXPECT_TRUE(bin_.interrupted().empty());
}

TEST_F(RecycleBinTest, ACopyInterruptedBeforeTheSourcesWentKeepsBothUntilResumed) {
    disk::BinEntry entry = bin_.prepare(record(), "t");
    bin_.set_state(entry, disk::kBinMoving);
    // A cross-file-system move copies every file first: killed after both copies (one
    // .part half-written before) and before any source was removed.
    write_text(entry.data_dir() / "Show" / "e01.mkv", "episode one");
    write_text(entry.data_dir() / "Show" / "sub" / "e01.srt.qbt-rules-part", "su");
    disk::BinEntry found = bin_.interrupted().at(0);
    bin_.move_in(found);
    EXPECT_FALSE(fs::exists(save_ / "Show" / "e01.mkv")) << "the copy's source goes once every file is in";
    EXPECT_EQ(read_text(found.data_dir() / "Show" / "sub" / "e01.srt"), "subs");
}

TEST_F(RecycleBinTest, APreparedEntryCanBeDroppedButNotAFinishedOne) {
    disk::BinEntry entry = bin_.prepare(record(), "t");
    bin_.drop(entry);
    EXPECT_FALSE(fs::exists(entry.dir));
    EXPECT_TRUE(fs::exists(save_ / "Show" / "e01.mkv"));
    disk::BinEntry done = bin_.prepare(record(), "t");
    bin_.move_in(done);
    bin_.finish(done);
    EXPECT_THROW(bin_.drop(done), disk::FileError);
}

TEST_F(RecycleBinTest, RestoreNeverOverwritesAndPutsEveryFileBack) {
    disk::BinEntry entry = bin_.prepare(record(), "t");
    bin_.move_in(entry);
    bin_.finish(entry);
    write_text(save_ / "Show" / "e01.mkv", "a new download");
    EXPECT_EQ(bin_.conflicts(entry), std::vector<std::string>{(save_ / "Show" / "e01.mkv").string()});
    fs::remove(save_ / "Show" / "e01.mkv");
    ASSERT_TRUE(bin_.conflicts(entry).empty());

    bin_.set_state(entry, disk::kBinRestoring);
    EXPECT_EQ(bin_.interrupted().size(), 1u) << "a restoring entry is resumable";
    EXPECT_TRUE(bin_.entries().empty()) << "a restoring entry is no longer offered";
    const disk::MoveReport report = bin_.move_out(entry);
    EXPECT_EQ(report.renamed, 2);
    EXPECT_EQ(read_text(save_ / "Show" / "e01.mkv"), "episode one");
    EXPECT_EQ(read_text(save_ / "Show" / "sub" / "e01.srt"), "subs");
    bin_.remove(entry);
    EXPECT_FALSE(fs::exists(entry.dir));
}

TEST_F(RecycleBinTest, TwoDeletesOfTheSameHashInOneSecondGetTwoEntries) {
    disk::BinEntry first = bin_.prepare(record(), "t");
    bin_.move_in(first);
    bin_.finish(first);
    write_text(save_ / "Show" / "e01.mkv", "again");
    disk::BinEntry second = bin_.prepare(record(), "t");
    bin_.move_in(second);
    bin_.finish(second);
    EXPECT_NE(first.dir, second.dir);
    EXPECT_EQ(read_text(first.data_dir() / "Show" / "e01.mkv"), "episode one");
    EXPECT_EQ(read_text(second.data_dir() / "Show" / "e01.mkv"), "again");
    EXPECT_EQ(bin_.entries().size(), 2u);
}

TEST_F(RecycleBinTest, ExpiryRemovesOnlyEntriesOlderThanKeep) {
    const auto now = std::chrono::system_clock::now();
    const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    disk::BinEntry old_entry = bin_.prepare(record(now_s - 86400 - 5), "t");
    bin_.move_in(old_entry);
    bin_.finish(old_entry);
    write_text(save_ / "Show" / "e01.mkv", "fresh");
    write_text(save_ / "Show" / "sub" / "e01.srt", "fresh");
    disk::BinEntry fresh = bin_.prepare(record(now_s - 60), "t");
    bin_.move_in(fresh);
    bin_.finish(fresh);
    disk::BinEntry staging = bin_.prepare(record(now_s - 5 * 86400), "t");  // never expired: recovery's
    EXPECT_EQ(bin_.expire(now), 1);
    EXPECT_FALSE(fs::exists(old_entry.dir));
    EXPECT_TRUE(fs::exists(fresh.dir));
    EXPECT_TRUE(fs::exists(staging.dir));
    EXPECT_EQ(bin_.expires_at(fresh.record), now_s - 60 + 86400);
}

TEST_F(RecycleBinTest, AnUnreadableEntryIsSkippedNotFatal) {
    fs::create_directories(dir_.path() / "bin" / "garbage");
    write_text(dir_.path() / "bin" / "garbage" / "torrent.json", "{not json");
    write_text(dir_.path() / "bin" / "evil" / "torrent.json",
               R"({"hash":"h","instance":"i","save_path":"/","local_save_path":"/","state":"complete",)"
               R"("deleted_at_unix":1,"files":[{"path":"../etc/passwd","size":1}]})");
    EXPECT_TRUE(bin_.entries().empty());
}

TEST_F(RecycleBinTest, AcrossFileSystemsEveryFileIsCopiedThenTheSourcesGo) {
    auto other = temp_dir_elsewhere(dir_.path());
    if (!other) GTEST_SKIP() << "/dev/shm is on the same file system as " << dir_.path();
    disk::RecycleBin far(other->path() / "bin", 86400s);
    disk::BinEntry entry = far.prepare(record(), "t");
    const disk::MoveReport report = far.move_in(entry);
    EXPECT_EQ(report.copied, 2);
    EXPECT_EQ(report.renamed, 0);
    far.finish(entry);
    EXPECT_EQ(read_text(entry.data_dir() / "Show" / "e01.mkv"), "episode one");
    EXPECT_FALSE(fs::exists(save_ / "Show" / "e01.mkv"));
    far.set_state(entry, disk::kBinRestoring);
    EXPECT_EQ(far.move_out(entry).copied, 2);
    EXPECT_EQ(read_text(save_ / "Show" / "sub" / "e01.srt"), "subs");
}

}  // namespace
}  // namespace qbt::testing
