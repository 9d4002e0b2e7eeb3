// The harness itself: real qbittorrent-nox and redis-server come up, torrents are real.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>

#include "test_harness.hpp"
#include "torrent_maker.hpp"

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

TEST(QbtLabTest, AddsTorrentsWithOptionsAndSurvivesRestart) {
    auto lab = QbtLab::start();
    EXPECT_NE(lab->get("app/version").find("4."), std::string::npos);
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
    EXPECT_STREQ(info[0]["state"].GetString(), "pausedUP");
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
