// PathMap: longest prefix, whole components, identity, and the way back.
#include <gtest/gtest.h>

#include "disk/path_map.hpp"

using qbt::disk::PathMap;

TEST(PathMap, IdentityWhenEmptyButNormalised) {
    PathMap map;
    EXPECT_TRUE(map.empty());
    EXPECT_EQ(map.to_local("/downloads/x"), "/downloads/x");
    EXPECT_EQ(map.to_local("/downloads//x/./y/"), "/downloads/x/y");
    EXPECT_EQ(map.to_local("/"), "/");
    EXPECT_EQ(map.to_qbittorrent("/data/x"), "/data/x");
}

TEST(PathMap, LongestPrefixWinsByWholeComponents) {
    PathMap map({{"/downloads", "/data/downloads"}, {"/downloads/tv", "/mnt/tv"}, {"/media/", "/srv/media/"}});
    EXPECT_EQ(map.to_local("/downloads/x.mkv"), "/data/downloads/x.mkv");
    EXPECT_EQ(map.to_local("/downloads"), "/data/downloads");
    EXPECT_EQ(map.to_local("/downloads/"), "/data/downloads");
    EXPECT_EQ(map.to_local("/downloads/tv/Show/e01.mkv"), "/mnt/tv/Show/e01.mkv");
    EXPECT_EQ(map.to_local("/downloads/tvshows/a"), "/data/downloads/tvshows/a");
    EXPECT_EQ(map.to_local("/downloads2/x"), "/downloads2/x");  // not a component match
    EXPECT_EQ(map.to_local("/media/m.iso"), "/srv/media/m.iso");
    EXPECT_EQ(map.to_local("/other/file"), "/other/file");
    EXPECT_EQ(map.local_roots(), (std::vector<std::string>{"/data/downloads", "/mnt/tv", "/srv/media"}));
}

TEST(PathMap, RootPrefixesAndTheWayBack) {
    PathMap to_root(std::map<std::string, std::string>{{"/", "/srv/qbt"}});
    EXPECT_EQ(to_root.to_local("/downloads/x"), "/srv/qbt/downloads/x");
    EXPECT_EQ(to_root.to_local("/"), "/srv/qbt");
    EXPECT_EQ(to_root.to_qbittorrent("/srv/qbt/downloads/x"), "/downloads/x");
    EXPECT_EQ(to_root.to_qbittorrent("/srv/qbt"), "/");
    PathMap from_root(std::map<std::string, std::string>{{"/data", "/"}});
    EXPECT_EQ(from_root.to_local("/data/a/b"), "/a/b");
    EXPECT_EQ(from_root.to_qbittorrent("/a/b"), "/data/a/b");
    PathMap docker({{"/downloads", "/data/downloads"}, {"/tv", "/data/tv"}});
    EXPECT_EQ(docker.to_qbittorrent("/data/tv/Show"), "/tv/Show");
    EXPECT_EQ(docker.to_qbittorrent("/data/tvx"), "/data/tvx");
}

TEST(PathMap, PrefixHelper) {
    using qbt::disk::has_path_prefix;
    EXPECT_TRUE(has_path_prefix("/a/b", "/a"));
    EXPECT_TRUE(has_path_prefix("/a", "/a"));
    EXPECT_FALSE(has_path_prefix("/ab", "/a"));
    EXPECT_TRUE(has_path_prefix("/anything", "/"));
    EXPECT_FALSE(has_path_prefix("relative", "/"));
}
