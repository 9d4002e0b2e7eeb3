// The harness itself: real qbittorrent-nox and redis-server come up, torrents are real.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>

#include "test_harness.hpp"
#include "torrent_maker.hpp"
#include "wait.hpp"

using namespace qbt::testing;

TEST(HarnessBasics, FreePortIsUsableAndClosed) {
    int port = free_port();
    EXPECT_GT(port, 0);
    EXPECT_FALSE(port_open(port));
}

TEST(HarnessBasics, TempDirIsRemoved) {
    std::filesystem::path kept;
    {
        TempDir dir;
        kept = dir.path();
        std::filesystem::create_directories(kept / "a" / "b");
        std::ofstream(kept / "a" / "b" / "f") << "x";
        EXPECT_TRUE(std::filesystem::is_directory(kept));
    }
    EXPECT_FALSE(std::filesystem::exists(kept));
}

TEST(HarnessBasics, TorrentHashesDependOnContentAndFlags) {
    TempDir dir;
    TorrentFileSpec spec{"a.bin", 40000, "http://127.0.0.1:9/announce", false, 1};
    auto first = make_torrent(dir.path(), spec);
    auto again = make_torrent(dir.path(), spec);
    EXPECT_EQ(first.info_hash, again.info_hash);
    EXPECT_EQ(first.info_hash.size(), 40u);
    EXPECT_EQ(std::filesystem::file_size(dir.path() / "a.bin"), 40000u);
    spec.content_seed = 2;
    EXPECT_NE(make_torrent(dir.path(), spec).info_hash, first.info_hash);
    spec.content_seed = 1;
    spec.private_flag = true;
    EXPECT_NE(make_torrent(dir.path(), spec).info_hash, first.info_hash);
    EXPECT_THROW(make_torrent(dir.path(), {"../x", 10, "", false, 0}), std::runtime_error);
}

TEST(HarnessBasics, VersionFactsCompareByNumberAndStateByMeaning) {
    EXPECT_TRUE(parse_lab_version("v5.1.0").at_least(5, 1));
    EXPECT_TRUE(parse_lab_version("2.11.4").at_least(2, 9, 10));  // numbers, not text: 11 > 9
    EXPECT_FALSE(parse_lab_version("2.8.19").at_least(2, 11));
    EXPECT_EQ(parse_lab_version("4.5").patch, 0);
    EXPECT_THROW(parse_lab_version("vX"), std::runtime_error);
    for (const char* stopped : {"pausedUP", "pausedDL", "stoppedUP", "stoppedDL"}) {
        EXPECT_TRUE(is_stopped_state(stopped)) << stopped;
        EXPECT_FALSE(is_running_state(stopped)) << stopped;
    }
    EXPECT_TRUE(is_running_state("stalledUP"));
    EXPECT_EQ(normalized_state("pausedUP"), "stoppedUP");
    EXPECT_EQ(normalized_state("uploading"), "uploading");
    EXPECT_EQ(tag_set("a10, a9"), tag_set("a9,a10"));
    EXPECT_TRUE(tag_set("").empty());
}

// The version the environment asked for (QBT_TEST_QBITTORRENT), compared by number.
TEST(QbtLabTest, RunsTheRequestedVersion) {
    auto lab = QbtLab::start();
    const LabVersion wanted = parse_lab_version(lab->release().name);
    EXPECT_EQ(lab->version().major, wanted.major) << lab->app_version();
    EXPECT_EQ(lab->version().minor, wanted.minor) << lab->app_version();
    EXPECT_EQ(lab->webapi_version().at_least(2, 11), wanted.major >= 5) << lab->app_version();
    // The recorded pid is qBittorrent itself (no wrapper left between), so stop/kill reach it.
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/" + std::to_string(lab->pid()) + "/exe", error);
    EXPECT_EQ(exe.filename(), "qbittorrent-nox") << exe;
}

// 5.1 runs in its own root with bind mounts in a private namespace: none reaches the host.
TEST(QbtLabTest, LeavesNoMountOnTheHost) {
    auto read_mounts = [] {
        std::ifstream in("/proc/self/mounts");
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string before = read_mounts();
    auto lab = QbtLab::start();
    EXPECT_EQ(read_mounts(), before);
    if (!lab->release().root.empty()) {
        std::ifstream in("/proc/" + std::to_string(lab->pid()) + "/mounts");
        const std::string inside(std::istreambuf_iterator<char>(in), {});
        // Seen from inside its root: the lab's directory is a bind mount there.
        EXPECT_NE(inside.find(" " + lab->profile_dir().parent_path().string() + " "), std::string::npos) << inside;
    }
}

TEST(QbtLabTest, AddsTorrentsWithOptionsAndSurvivesRestart) {
    auto lab = QbtLab::start();
    std::vector<TorrentSpec> specs(3);
    specs[0].name = "Ubuntu.iso";
    specs[0].category = "linux";
    specs[0].tags = {"a", "b"};
    specs[1].name = "Paused.mkv";
    specs[1].paused = true;
    specs[2].name = "Ubuntu.iso";  // same name: separate directory, different hash
    specs[2].private_flag = true;
    specs[2].tracker = "http://127.0.0.1:9/private/announce?passkey=x";
    auto hashes = lab->add_torrents(specs);
    ASSERT_EQ(hashes.size(), 3u);
    EXPECT_NE(hashes[0], hashes[2]);

    rapidjson::Document info;
    info.Parse(lab->info_json(hashes[0]).c_str());
    ASSERT_TRUE(info.IsArray() && info.Size() == 1);
    EXPECT_STREQ(info[0]["name"].GetString(), "Ubuntu.iso");
    EXPECT_STREQ(info[0]["category"].GetString(), "linux");
    EXPECT_STREQ(info[0]["tags"].GetString(), "a, b");
    info.Parse(lab->info_json(hashes[1]).c_str());
    EXPECT_TRUE(is_stopped_state(info[0]["state"].GetString())) << info[0]["state"].GetString();
    lab->start_torrents({hashes[1]});
    EXPECT_TRUE(wait_until([&] {
        info.Parse(lab->info_json(hashes[1]).c_str());
        return is_running_state(info[0]["state"].GetString());
    }, std::chrono::seconds(10))) << lab->info_json(hashes[1]);
    lab->stop_torrents({hashes[1]});
    EXPECT_TRUE(wait_until([&] {
        info.Parse(lab->info_json(hashes[1]).c_str());
        return is_stopped_state(info[0]["state"].GetString());
    }, std::chrono::seconds(10))) << lab->info_json(hashes[1]);
    EXPECT_NE(lab->get("torrents/properties?hash=" + hashes[2]).find("\"is_private\":true"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(lab->torrent_path(hashes[2])));

    lab->restart();
    info.Parse(lab->get("torrents/info").c_str());
    EXPECT_EQ(info.Size(), 3u);
    lab->stop();
    EXPECT_FALSE(lab->running());
    EXPECT_THROW(lab->get("app/version"), std::runtime_error);
}

TEST(RedisLabTest, PersistsAcrossRestart) {
    auto redis = RedisLab::start(true);
    EXPECT_EQ(redis->url(), "redis://127.0.0.1:" + std::to_string(redis->port()) + "/0");
    EXPECT_EQ(tcp_exchange(redis->port(), "SET k v\r\nQUIT\r\n").rfind("+OK", 0), 0u);
    redis->kill();  // a crash: the append-only file must still have the key
    redis->restart();
    EXPECT_NE(tcp_exchange(redis->port(), "GET k\r\nQUIT\r\n").find("$1\r\nv"), std::string::npos);
}

TEST(RedisLabTest, WithoutPersistenceForgets) {
    auto redis = RedisLab::start(false);
    tcp_exchange(redis->port(), "SET k v\r\nQUIT\r\n");
    redis->restart();
    EXPECT_NE(tcp_exchange(redis->port(), "GET k\r\nQUIT\r\n").find("$-1"), std::string::npos);
}
