#include "bench_specs.hpp"

#include <string>

namespace qbt::bench {

namespace {
bool is_gone(int i) { return i % 40 == 3; }
bool is_paused(int i) { return i % 20 == 0; }
}  // namespace

std::vector<testing::TorrentSpec> bench_specs(int count, int tracker_port) {
    const std::string base = "http://127.0.0.1:" + std::to_string(tracker_port);
    std::vector<testing::TorrentSpec> specs;
    specs.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        testing::TorrentSpec s;
        const std::string n = std::to_string(i);
        switch (i % 10) {
            case 0: s.name = "ubuntu-24.04." + n + "-desktop-amd64.iso"; break;
            case 1: s.name = "debian-12." + n + "-amd64-netinst.iso"; break;
            case 2: case 3: case 4: s.name = "Some.Show.S01E" + n + ".1080p.mkv"; break;
            default: s.name = "dataset-" + n + ".tar"; break;
        }
        s.size_bytes = 8192 + static_cast<size_t>(i % 3) * 4096;
        if (is_gone(i)) s.tracker = base + "/gone/announce?passkey=" + n;
        else if (i % 7 == 0) s.tracker = base + "/tracker.private-example.org/announce?passkey=" + n;
        else if (i % 7 == 1) s.tracker = base + "/torrent.ubuntu.com/announce";
        else s.tracker = base + "/public/announce";
        switch (i % 4) {
            case 0: s.category = "movies"; break;
            case 1: s.category = "tv"; break;
            default: break;
        }
        if (i % 13 == 0) s.category = "keep";
        if (i % 5 == 0) s.tags = {"keep"};
        else if (i % 5 == 1) s.tags = {"old"};
        if (i % 9 == 0) s.tags.push_back("private");
        s.paused = is_paused(i);
        specs.push_back(std::move(s));
    }
    return specs;
}

int expected_gone(int count) {
    int n = 0;
    for (int i = 0; i < count; ++i)
        if (is_gone(i) && !is_paused(i)) ++n;
    return n;
}

}  // namespace qbt::bench
