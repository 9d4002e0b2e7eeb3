// qbt-lab: start a throw-away qbittorrent-nox on 127.0.0.1 with N torrents, print how to
// reach it, and keep it running until SIGINT/SIGTERM (for demos and benchmarks).
//   qbt-lab [--torrents N] [--port P] [--name NAME]...
//   (web UI port; default: a free one; each --name adds one more torrent with that name)
#include <signal.h>

#include <time.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "qbt_lab.hpp"

namespace {

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

int parse_int(const std::string& flag, const char* text) {
    char* end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (!text[0] || *end || value < 0 || value > 1000000) {
        std::cerr << "qbt-lab: " << flag << " needs a non-negative integer, got '" << text << "'\n";
        std::exit(2);
    }
    return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
    int torrents = 0;
    int port = 0;
    std::vector<std::string> names;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if ((arg == "--torrents" || arg == "--port") && i + 1 < argc) {
            (arg == "--torrents" ? torrents : port) = parse_int(arg, argv[++i]);
        } else if (arg == "--name" && i + 1 < argc) {
            names.emplace_back(argv[++i]);
        } else {
            std::cerr << "usage: qbt-lab [--torrents N] [--port P] [--name NAME]...\n";
            return 2;
        }
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    try {
        auto lab = qbt::testing::QbtLab::start(port);
        if (torrents > 0 || !names.empty()) {
            std::vector<qbt::testing::TorrentSpec> specs(static_cast<size_t>(torrents));
            for (const std::string& name : names) specs.push_back({.name = name});
            auto started = std::chrono::steady_clock::now();
            lab->add_torrents(specs);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::cout << "added " << specs.size() << " torrents in " << seconds << " s" << std::endl;
        }
        std::cout << "url=" << lab->url() << "\nusername=" << lab->username() << "\npassword=" << lab->password()
                  << "\nprofile=" << lab->profile_dir().string() << "\nbt_port=" << lab->bt_port()
                  << "\nversion=" << lab->app_version()
                  << "\nready (Ctrl-C to stop)" << std::endl;
        while (!g_stop && lab->running()) {
            struct timespec delay = {0, 200 * 1000 * 1000};
            nanosleep(&delay, nullptr);
        }
        if (!lab->running()) {
            std::cerr << "qbt-lab: qbittorrent-nox exited unexpectedly\n";
            return 1;
        }
        std::cout << "stopping" << std::endl;
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "qbt-lab: " << error.what() << "\n";
        return 1;
    }
}
