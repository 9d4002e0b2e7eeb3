// cleanup::CallGuard on temporary folders with a fake qBittorrent: which Web API calls a
// removal makes, what happens on disk (kept, removed, recycled), dry runs change nothing,
// cross-seed groups and the delete caps, guarded moves.
#include "cleanup/job_guard.hpp"
#include "cleanup_fakes.hpp"
#include "disk_test_support.hpp"

#include <gtest/gtest.h>

#include <set>

namespace qbt::testing {
namespace {

namespace fs = std::filesystem;
using plugin::RemoveOptions;

class JobGuardTest : public ::testing::Test {
protected:
    void SetUp() override {
        save_ = (dir_.path() / "downloads").string();
        write_text(fs::path(save_) / "Show" / "e1.mkv", "episode");
        write_text(fs::path(save_) / "Show" / "a.nfo", "only a");
        write_text(fs::path(save_) / "Solo.iso", "solo");
        usage_.add("a", "Show", save_, {{"Show/e1.mkv", 7}, {"Show/a.nfo", 6}});
        usage_.add("b", "Show", save_, {{"Show/e1.mkv", 7}});
        usage_.add("solo", "Solo.iso", save_, {{"Solo.iso", 4}});
        usage_.share("a", "b", "Show/e1.mkv");
        usage_.torrents[key("solo")].content_path = save_ + "/Solo.iso";
        qbt_.listed = {"a", "b", "solo"};
    }

    cleanup::JobCleanup job(bool dry_run, disk::RecycleBin* bin = nullptr, std::set<std::string> protect = {}) {
        return cleanup::JobCleanup({"home", "job-1", dry_run, [this](const std::string& n) -> webapi::WebApi* {
                                        return n == "home" ? &qbt_ : nullptr;
                                    },
                                    &usage_, bin, [protect](const cleanup::TorrentKey& k) {
                                        return protect.count(k.hash) ? std::string("tagged keep") : std::string();
                                    }});
    }
    std::string form_of(const std::string& endpoint, size_t i = 0) const { return qbt_.calls_to(endpoint).at(i).form; }

    TempDir dir_;
    std::string save_;
    FakeUsage usage_;
    FakeQbt qbt_;
};

TEST_F(JobGuardTest, SharedFilesStayAndTheOthersGoAfterTheTorrentLeft) {
    auto cleanup = job(false);
    cleanup::CallGuard guard(cleanup, "rule", -1);
    const auto results = guard.remove({"a"}, RemoveOptions{true, false, true});
    ASSERT_EQ(results[0].code, QBT_OK) << results[0].reason;
    EXPECT_EQ(form_of("torrents/delete"), "hashes=a&deleteFiles=false") << "qBittorrent must not delete the shared file";
    EXPECT_EQ(read_text(fs::path(save_) / "Show" / "e1.mkv"), "episode");
    EXPECT_FALSE(fs::exists(fs::path(save_) / "Show" / "a.nfo"));
    ASSERT_EQ(guard.removals().size(), 1u);
    const auto& record = guard.removals()[0];
    ASSERT_EQ(record.kept.size(), 1u);
    EXPECT_EQ(record.kept[0].shared_with.at(0).hash, "b");
    EXPECT_EQ(record.kept[0].shared_with.at(0).name, "Show");
    EXPECT_EQ(record.files_removed, 1);
    EXPECT_TRUE(cleanup.gone().count(key("a")));

    // b now uses its files alone: deleting it lets qBittorrent remove them.
    const auto second = guard.remove({"b"}, RemoveOptions{true, false, true});
    EXPECT_EQ(second[0].code, QBT_OK);
    EXPECT_EQ(form_of("torrents/delete", 1), "hashes=b&deleteFiles=true");
}

// Issue 19: rules.yml protect: a protected torrent is neither removed nor moved, and a
// cross-seed group with a protected member is not removed at all.
TEST_F(JobGuardTest, AProtectedTorrentOrGroupMemberHoldsEverythingBack) {
    auto cleanup = job(false, nullptr, {"solo", "b"});
    cleanup::CallGuard guard(cleanup, "rule", -1);
    auto results = guard.remove({"solo"}, RemoveOptions{false, false, true});
    EXPECT_EQ(results[0].code, QBT_E_STATE);
    EXPECT_NE(results[0].reason.find("protected: tagged keep"), std::string::npos) << results[0].reason;
    results = guard.remove({"a"}, RemoveOptions{true, true, true});
    EXPECT_EQ(results[0].code, QBT_E_STATE);
    EXPECT_NE(results[0].reason.find("member b is protected"), std::string::npos) << results[0].reason;
    EXPECT_TRUE(qbt_.calls_to("torrents/delete").empty()) << "nothing left qBittorrent";
    EXPECT_EQ(read_text(fs::path(save_) / "Show" / "a.nfo"), "only a");
    EXPECT_EQ(read_text(fs::path(save_) / "Solo.iso"), "solo");
    const auto moved = guard.move({"solo"}, {"/elsewhere"});
    EXPECT_EQ(moved[0].code, QBT_E_STATE);
    EXPECT_TRUE(qbt_.calls_to("torrents/setLocation").empty());
    EXPECT_EQ(guard.held_back().count("solo"), 1u);
    EXPECT_EQ(guard.held_back().count("a"), 1u);
    EXPECT_EQ(guard.protection("b"), "tagged keep");
    EXPECT_EQ(guard.protection("a"), "");
}

TEST_F(JobGuardTest, ARecycleMovesTheUnsharedFilesIntoTheBin) {
    disk::RecycleBin bin(dir_.path() / "bin", std::chrono::hours(24));
    auto cleanup = job(false, &bin);
    cleanup::CallGuard guard(cleanup, "rule", -1);
    ASSERT_EQ(guard.remove({"a"}, RemoveOptions{true, false, true})[0].code, QBT_OK);
    EXPECT_EQ(qbt_.calls_to("torrents/export").size(), 1u);
    EXPECT_EQ(form_of("torrents/delete"), "hashes=a&deleteFiles=false");
    const auto entries = bin.entries();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(read_text(entries[0].data_dir() / "Show" / "a.nfo"), "only a");
    EXPECT_EQ(read_text(entries[0].torrent_file()), "d8:announce4:fakee-a");
    EXPECT_FALSE(fs::exists(entries[0].data_dir() / "Show" / "e1.mkv")) << "the shared file stays with b";
    EXPECT_EQ(read_text(fs::path(save_) / "Show" / "e1.mkv"), "episode");
    EXPECT_EQ(entries[0].record.tags, std::vector<std::string>{"t1"});
    EXPECT_EQ(entries[0].record.rule, "rule");
    EXPECT_EQ(guard.removals()[0].recycled_to, entries[0].dir.string());
    EXPECT_EQ(guard.removals()[0].bytes_freed, 0u) << "a bin on the same disk frees nothing";

    cleanup::CallGuard never(cleanup, "rule", -1);
    ASSERT_EQ(never.remove({"solo"}, RemoveOptions{true, false, false})[0].code, QBT_OK);
    EXPECT_EQ(form_of("torrents/delete", 1), "hashes=solo&deleteFiles=true") << "recycle: false deletes for good";
    EXPECT_EQ(bin.entries().size(), 1u);
}

TEST_F(JobGuardTest, ADryRunChangesNothingAndSaysWhatWouldHappen) {
    disk::RecycleBin bin(dir_.path() / "bin", std::chrono::hours(24));
    auto cleanup = job(true, &bin);
    cleanup::CallGuard guard(cleanup, "rule", -1);
    EXPECT_EQ(guard.remove({"a", "solo"}, RemoveOptions{true, false, true})[1].code, QBT_OK);
    EXPECT_EQ(qbt_.posts(), 0);
    EXPECT_TRUE(fs::exists(fs::path(save_) / "Show" / "a.nfo"));
    EXPECT_FALSE(fs::exists(dir_.path() / "bin")) << "not even the bin folder";
    ASSERT_EQ(guard.removals().size(), 2u);
    EXPECT_TRUE(guard.removals()[0].planned);
    EXPECT_EQ(guard.removals()[0].kept.size(), 1u);
    EXPECT_FALSE(guard.removals()[0].recycled_to.empty());
    const std::string json = cleanup.log().to_json();
    EXPECT_NE(json.find("\"outcome\":\"planned\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"kept_files\":1"), std::string::npos) << json;
}

TEST_F(JobGuardTest, AGroupGoesWholeOrNotAtAllUnderTheCaps) {
    auto cleanup = job(false);
    cleanup::CallGuard tight(cleanup, "rule", 0);  // the caps allow the call's own torrent only
    const auto refused = tight.remove({"a"}, RemoveOptions{true, true, true});
    EXPECT_EQ(refused[0].code, QBT_E_LIMIT);
    EXPECT_NE(refused[0].reason.find("cross-seed group has 2 torrents"), std::string::npos) << refused[0].reason;
    EXPECT_EQ(qbt_.posts(), 0);

    cleanup::CallGuard room(cleanup, "rule", 1);
    ASSERT_EQ(room.remove({"a"}, RemoveOptions{true, true, true})[0].code, QBT_OK);
    EXPECT_EQ(form_of("torrents/delete", 0), "hashes=a&deleteFiles=false") << "every member leaves first";
    EXPECT_EQ(form_of("torrents/delete", 1), "hashes=b&deleteFiles=false");
    EXPECT_FALSE(fs::exists(fs::path(save_) / "Show" / "e1.mkv")) << "then the group's files go together";
    EXPECT_FALSE(fs::exists(fs::path(save_) / "Show")) << "and the emptied folder";
    ASSERT_EQ(room.removals().size(), 2u);
    EXPECT_EQ(room.removals()[1].torrent.hash, "b");
    EXPECT_EQ(room.removals()[1].group_of, "a");
    // b was removed with a's group: asking for it again is done already.
    cleanup::CallGuard later(cleanup, "rule", 0);
    EXPECT_EQ(later.remove({"b"}, RemoveOptions{true, true, true})[0].code, QBT_OK);
    EXPECT_EQ(qbt_.calls_to("torrents/delete").size(), 2u);
}

TEST_F(JobGuardTest, AMemberThatCannotLeaveKeepsItsFiles) {
    struct Sticky : FakeQbt {  // qBittorrent still lists b after its delete
        webapi::Response request(const webapi::Request& r) override {
            if (r.endpoint == "torrents/info" && r.query == "hashes=b") return {200, "[{\"hash\":\"b\"}]"};
            return FakeQbt::request(r);
        }
    };
    Sticky sticky;
    sticky.listed = {"a", "b"};
    cleanup::JobCleanup sticky_job({"home", "job-2", false, [&sticky](const std::string&) -> webapi::WebApi* {
                                        return &sticky;
                                    },
                                    &usage_, nullptr, {}});
    cleanup::CallGuard group(sticky_job, "rule", -1);
    const auto r = group.remove({"a"}, RemoveOptions{true, true, true});
    EXPECT_EQ(r[0].code, QBT_OK);
    ASSERT_EQ(group.removals().size(), 2u);
    EXPECT_EQ(group.removals()[1].code, QBT_E_IO);
    EXPECT_NE(group.removals()[1].reason.find("still lists"), std::string::npos) << group.removals()[1].reason;
    EXPECT_EQ(read_text(fs::path(save_) / "Show" / "e1.mkv"), "episode") << "b is still in qBittorrent: it keeps it";
    EXPECT_FALSE(fs::exists(fs::path(save_) / "Show" / "a.nfo"));
}

TEST_F(JobGuardTest, NothingIsRemovedWhenTheFilesCannotBeJudged) {
    usage_.problem_text = "torrents/files of home/b failed";
    auto cleanup = job(false);
    cleanup::CallGuard guard(cleanup, "rule", -1);
    const auto r = guard.remove({"solo"}, RemoveOptions{true, false, true});
    EXPECT_EQ(r[0].code, QBT_E_STATE);
    EXPECT_EQ(qbt_.posts(), 0);
    EXPECT_TRUE(fs::exists(fs::path(save_) / "Solo.iso"));
    EXPECT_EQ(cleanup.log().removals().at(0).code, QBT_E_STATE);
    // Without files there is nothing to judge.
    EXPECT_EQ(guard.remove({"solo"}, RemoveOptions{false, false, true})[0].code, QBT_OK);
    EXPECT_EQ(form_of("torrents/delete"), "hashes=solo&deleteFiles=false");
}

TEST_F(JobGuardTest, MovesRefuseTorrentsThatShareFiles) {
    auto cleanup = job(false);
    cleanup::CallGuard guard(cleanup, "rule", -1);
    const auto r = guard.move({"a", "solo", "solo"}, {"/new", save_ + "/", "/new place"});
    EXPECT_EQ(r[0].code, QBT_E_STATE);
    EXPECT_NE(r[0].reason.find("shares files with 'Show' (home/b)"), std::string::npos) << r[0].reason;
    EXPECT_EQ(r[1].code, QBT_OK) << "already there";
    EXPECT_EQ(r[2].code, QBT_OK);
    ASSERT_EQ(qbt_.calls_to("torrents/setLocation").size(), 1u);
    EXPECT_EQ(form_of("torrents/setLocation"), "hashes=solo&location=%2Fnew%20place");
    cleanup::JobCleanup dry = job(true);
    cleanup::CallGuard planned(dry, "rule", -1);
    EXPECT_EQ(planned.move({"solo"}, {"/elsewhere"})[0].code, QBT_OK);
    EXPECT_EQ(qbt_.calls_to("torrents/setLocation").size(), 1u) << "a dry run moves nothing";
    EXPECT_TRUE(planned.moves()[0].planned);
}

}  // namespace
}  // namespace qbt::testing
