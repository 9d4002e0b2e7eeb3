// The harness's disk fixtures: torrents over existing files (multi-file, `source`, another
// lab's data), hard links, missing save paths, and LabTracker's answers as a real
// qbittorrent-nox reports them in torrents/trackers.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "lab_tracker.hpp"
#include "test_harness.hpp"
#include "wait.hpp"

using namespace qbt::testing;
using namespace std::chrono_literals;

namespace {

const TorrentLayout kSeason{"Show.S01", {{"e01.mkv", 40000}, {"e02.mkv", 70000}, {"extras/poster.jpg", 5000}}};

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse(json.c_str());
    return document;
}

// torrents/info of one torrent once it has left the checking states.
rapidjson::Document settled_info(QbtLab& lab, const std::string& hash) {
    rapidjson::Document info;
    wait_until([&] {
        info = parse(lab.info_json(hash));
        if (!info.IsArray() || info.Size() != 1) return false;
        const std::string state = info[0]["state"].GetString();
        return state.rfind("checking", 0) != 0 && state != "metaDL" && state != "allocating";
    }, 30s, 100ms);
    return info;
}

ino_t inode_of(const std::filesystem::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

}  // namespace

TEST(TorrentData, SourceMakesCrossSeedsDistinctAndDiskIsChecked) {
    TempDir dir;
    const auto files = write_layout(dir.path(), kSeason, 7);
    ASSERT_EQ(files.size(), 3u);
    EXPECT_EQ(std::filesystem::file_size(dir.path() / "Show.S01" / "extras" / "poster.jpg"), 5000u);
    const auto plain = torrent_from_disk(dir.path(), kSeason, {});
    EXPECT_EQ(torrent_from_disk(dir.path(), kSeason, {}).info_hash, plain.info_hash);
    const auto alpha = torrent_from_disk(dir.path(), kSeason, {"http://127.0.0.1:9/a/announce", "alpha", false});
    const auto beta = torrent_from_disk(dir.path(), kSeason, {"http://127.0.0.1:9/b/announce", "beta", false});
    EXPECT_NE(alpha.info_hash, plain.info_hash);
    EXPECT_NE(alpha.info_hash, beta.info_hash);
    EXPECT_NE(alpha.torrent_data.find("6:source5:alpha"), std::string::npos);
    // The same files written with another seed are other data: another hash.
    TempDir other;
    write_layout(other.path(), kSeason, 8);
    EXPECT_NE(torrent_from_disk(other.path(), kSeason, {}).info_hash, plain.info_hash);

    std::filesystem::resize_file(files[1], 100);
    EXPECT_THROW(torrent_from_disk(dir.path(), kSeason, {}), std::runtime_error);
    std::filesystem::remove(files[1]);
    EXPECT_THROW(torrent_from_disk(dir.path(), kSeason, {}), std::runtime_error);
    EXPECT_THROW(write_layout(dir.path(), {"x", {{"../escape", 10}}}, 1), std::runtime_error);
    EXPECT_THROW(write_layout(dir.path(), {"/abs", {}}, 1), std::runtime_error);
}

TEST(TorrentData, HardLinksIntoALibraryShareTheInode) {
    TempDir dir;
    const auto files = write_layout(dir.path() / "downloads", kSeason, 3);
    const auto links = hard_link_into({files[0], files[1]}, dir.path() / "library" / "Show");
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0], dir.path() / "library" / "Show" / "e01.mkv");
    EXPECT_EQ(std::filesystem::hard_link_count(files[0]), 2u);
    EXPECT_EQ(std::filesystem::hard_link_count(files[2]), 1u);
    EXPECT_EQ(inode_of(links[1]), inode_of(files[1]));
}

class QbtLabDiskTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { lab = QbtLab::start(); }
    static void TearDownTestSuite() { lab.reset(); }
    static std::unique_ptr<QbtLab> lab;
};
std::unique_ptr<QbtLab> QbtLabDiskTest::lab;

TEST_F(QbtLabDiskTest, CrossSeedPairChecksToCompleteOverTheSameFiles) {
    const CrossSeedPair pair = lab->add_cross_seed_pair(kSeason, "alpha", "beta", /*skip_checking=*/false);
    EXPECT_NE(pair.first, pair.second);
    ASSERT_EQ(pair.files.size(), 3u);
    const auto first = settled_info(*lab, pair.first);
    const auto second = settled_info(*lab, pair.second);
    ASSERT_TRUE(first.IsArray() && first.Size() == 1 && second.IsArray() && second.Size() == 1);
    // qBittorrent hashed the data of both: the same files, complete for each.
    EXPECT_EQ(first[0]["progress"].GetDouble(), 1.0);
    EXPECT_EQ(second[0]["progress"].GetDouble(), 1.0);
    EXPECT_STREQ(first[0]["content_path"].GetString(), second[0]["content_path"].GetString());
    EXPECT_EQ(std::filesystem::path(first[0]["content_path"].GetString()), pair.save_dir / "Show.S01");
    const auto files = parse(lab->get("torrents/files?hash=" + pair.second));
    ASSERT_TRUE(files.IsArray());
    ASSERT_EQ(files.Size(), 3u);
    EXPECT_STREQ(files[0]["name"].GetString(), "Show.S01/e01.mkv");
    EXPECT_STREQ(files[2]["name"].GetString(), "Show.S01/extras/poster.jpg");
}

TEST_F(QbtLabDiskTest, AnotherLabSeedsTheSameFilesFromItsOwnTorrent) {
    const auto dir = lab->make_data_dir("shared");
    const TorrentLayout movie{"Movie.2020.mkv", {}, 90000};
    const auto files = lab->write_data(dir, movie);
    const auto here = lab->add_existing({{dir, movie, {"http://127.0.0.1:9/a/announce", "a", false}, "", {}, false}});
    auto other = QbtLab::start();
    other->share_dir(dir);
    const auto there = other->add_existing({{dir, movie, {"http://127.0.0.1:9/b/announce", "b", false}, "movies", {"x"}, false}},
                                           /*skip_checking=*/false);
    EXPECT_NE(here[0], there[0]);
    const auto info = settled_info(*other, there[0]);
    ASSERT_TRUE(info.IsArray() && info.Size() == 1);
    EXPECT_EQ(info[0]["progress"].GetDouble(), 1.0);
    EXPECT_EQ(std::filesystem::path(info[0]["content_path"].GetString()), files[0]);
    EXPECT_STREQ(info[0]["category"].GetString(), "movies");
}

TEST_F(QbtLabDiskTest, MissingSavePathIsListedWithItsPath) {
    const auto [hash, save_dir] = lab->add_with_missing_save_path({"Gone.iso", {}, 30000});
    EXPECT_FALSE(std::filesystem::exists(save_dir));
    const auto info = parse(lab->info_json(hash));
    ASSERT_TRUE(info.IsArray() && info.Size() == 1);
    EXPECT_EQ(std::filesystem::path(info[0]["save_path"].GetString()), save_dir);
    EXPECT_EQ(std::filesystem::path(info[0]["content_path"].GetString()), save_dir / "Gone.iso");
    // Stopped: qBittorrent has not touched the disk, so the directory stays missing.
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(std::filesystem::exists(save_dir));
}

TEST_F(QbtLabDiskTest, TrackerAnswersShowInTorrentsTrackers) {
    LabTracker tracker;
    const auto dir = lab->make_data_dir("tracked");
    const TorrentLayout gone{"gone.bin", {}, 20000}, busy{"busy.bin", {}, 20000}, broken{"broken.bin", {}, 20000},
        fine{"fine.bin", {}, 20000}, refused{"refused.bin", {}, 20000};
    for (const auto& layout : {gone, busy, broken, fine, refused}) lab->write_data(dir, layout);
    const std::string url = tracker.announce_url();
    // Replies are chosen by hash before the torrents exist, so the first announce gets them.
    std::vector<ExistingTorrent> torrents;
    for (const auto& layout : {gone, busy, broken, fine}) torrents.push_back({dir, layout, {url, "", false}, "", {}, false});
    torrents.push_back({dir, refused, {refused_tracker_url(), "", false}, "", {}, false});
    auto hash_of = [&](size_t i) { return torrent_from_disk(dir, torrents[i].layout, torrents[i].meta).info_hash; };
    tracker.reply_for_hash(hash_of(0), TrackerReply::failure("Unregistered torrent"));
    tracker.reply_for_hash(hash_of(1), TrackerReply::failure("tracker is down for maintenance"));
    tracker.reply_for_hash(hash_of(2), TrackerReply::http_error(503));
    const auto hashes = lab->add_existing(torrents);
    ASSERT_EQ(hashes[0], hash_of(0));

    auto tracker_row = [&](const std::string& hash) {
        rapidjson::Document rows = parse(lab->get("torrents/trackers?hash=" + hash));
        rapidjson::Document row;
        for (auto& r : rows.GetArray())
            if (std::string(r["url"].GetString()).rfind("** [", 0) != 0) row.CopyFrom(r, row.GetAllocator());
        return row;
    };
    auto settled = [&](const std::string& hash, int status, const std::string& msg_part) {
        return lab->wait_for_tracker_rows({hash}, [&] {
            auto row = tracker_row(hash);
            return row.IsObject() && row["status"].GetInt() == status &&
                   std::string(row["msg"].GetString()).find(msg_part) != std::string::npos;
        });
    };
    EXPECT_TRUE(settled(hashes[0], 4, "Unregistered torrent"));
    EXPECT_TRUE(settled(hashes[1], 4, "maintenance"));
    EXPECT_TRUE(settled(hashes[2], 4, "Service Unavailable"));
    EXPECT_TRUE(settled(hashes[3], 2, ""));
    EXPECT_TRUE(settled(hashes[4], 4, "Connection refused"));
    EXPECT_GE(tracker.announces_for_hash(hashes[0]), 1u);
    EXPECT_EQ(tracker.announces_for_hash(hashes[4]), 0u);
}
