// One real qbittorrent-nox on 127.0.0.1 with its own --profile in a temporary directory,
// for tests and benchmarks. See tests/harness/README.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "config/config.hpp"
#include "lab_http.hpp"
#include "qbt_facts.hpp"
#include "qbt_release.hpp"
#include "temp_dir.hpp"
#include "torrent_data.hpp"

namespace qbt::testing {

struct TorrentSpec {
    std::string name;  // empty: "torrent-<n>"; also the single file's name
    size_t size_bytes = 16384;
    std::string tracker = "http://127.0.0.1:9/announce";  // keep every tracker on 127.0.0.1
    std::string category;
    std::vector<std::string> tags;
    bool paused = false;  // added stopped (torrents/add `paused` on 4.x, `stopped` on 5.x)
    bool private_flag = false;
};

// A torrent over files that already exist below save_dir (see torrent_data.hpp).
struct ExistingTorrent {
    std::filesystem::path save_dir;
    TorrentLayout layout;
    TorrentMeta meta;
    std::string category;
    std::vector<std::string> tags;
    bool paused = false;
};

// Two torrents over the same files (same save path and layout) with different trackers and
// `source` values, so their hashes differ: what cross-seeding tools make.
struct CrossSeedPair {
    std::filesystem::path save_dir;
    std::vector<std::filesystem::path> files;  // the shared files on disk
    std::string first;                         // hashes
    std::string second;
};

class QbtLab {
public:
    // The version comes from $QBT_TEST_QBITTORRENT (qbt_release.hpp). Throws
    // std::runtime_error with a clear message if qbittorrent-nox is missing or is not
    // answering in ~20 s. Web UI credentials: admin / adminadmin. webui_port 0 = a free port.
    static std::unique_ptr<QbtLab> start(int webui_port = 0);
    // A given version, whatever the environment says (tests comparing two versions).
    static std::unique_ptr<QbtLab> start(const QbtRelease& release, int webui_port = 0);
    ~QbtLab();  // SIGTERM, then SIGKILL after 15 s; waits for the pid

    std::string url() const;  // "http://127.0.0.1:<port>"
    int webui_port() const { return webui_port_; }
    int bt_port() const { return bt_port_; }
    const std::string& username() const { return username_; }
    const std::string& password() const { return password_; }
    config::QbittorrentConfig client_config() const;  // ready for CurlWebApi

    const QbtRelease& release() const { return release_; }
    const std::string& app_version() const { return app_version_; }  // as app/version answers: "v5.1.0"
    LabVersion version() const { return parse_lab_version(app_version_); }
    LabVersion webapi_version() const { return webapi_version_; }  // app/webapiVersion: 2.11.4
    // Web API 2.11 (qBittorrent 5.0) renamed torrents/pause|resume to torrents/stop|start.
    std::string stop_endpoint() const;   // "torrents/pause" | "torrents/stop"
    std::string start_endpoint() const;  // "torrents/resume" | "torrents/start"
    void stop_torrents(const std::vector<std::string>& hashes);
    void start_torrents(const std::vector<std::string>& hashes);

    std::filesystem::path profile_dir() const;  // --profile (qbittorrent-nox.log is in here)
    std::filesystem::path data_dir() const;     // save path of added torrents
    // Where add_torrents() left the .torrent of `hash` (e.g. to add it to a second lab).
    std::filesystem::path torrent_path(const std::string& hash) const;

    // Makes the files and .torrent files, adds them (multipart torrents/add, <= 50 per
    // request), and waits until every one is listed and none is still checking.
    // Returns the info hashes in spec order.
    std::vector<std::string> add_torrents(const std::vector<TorrentSpec>& specs, bool skip_checking = true);

    // Disk fixtures (qbt_lab_disk.cpp). A fresh directory below the lab's root, which the
    // lab's qBittorrent can always see: put data that torrents share there.
    std::filesystem::path make_data_dir(const std::string& name);
    // Lets this lab's qBittorrent see `dir` (e.g. another lab's make_data_dir) at the same
    // path: 4.5 on the host sees it already; a lab in a 5.1 root bind-mounts it, so it
    // restarts (~1 s) to do so.
    void share_dir(const std::filesystem::path& dir);
    // Writes `layout` below save_dir with distinct contents (make_data_dir, data_dir() or
    // another lab's directory); returns the files.
    std::vector<std::filesystem::path> write_data(const std::filesystem::path& save_dir, const TorrentLayout& layout);
    // Adds torrents made from the files as they are on disk (<= 50 per request, grouped by
    // save path, category, tags and paused) and waits as
    // add_torrents does. With skip_checking = false qBittorrent hashes the data (100 % when
    // it is complete). Returns the hashes in order.
    std::vector<std::string> add_existing(const std::vector<ExistingTorrent>& torrents, bool skip_checking = true);
    // Writes `layout` into make_data_dir("xseed-<n>") and adds it twice: trackers
    // http://127.0.0.1:9/<source>/announce, sources `first_source` / `second_source`.
    CrossSeedPair add_cross_seed_pair(const TorrentLayout& layout, const std::string& first_source = "alpha",
                                      const std::string& second_source = "beta", bool skip_checking = true);
    // A stopped torrent whose save path no longer exists: its data is written, the torrent
    // added (skip_checking), then the save directory removed. Returns {hash, the save path}.
    std::pair<std::string, std::filesystem::path> add_with_missing_save_path(const TorrentLayout& layout);

    std::string info_json(const std::string& hash);  // torrents/info?hashes=<hash>
    // Waits until `settled()` holds (polled every 200 ms), asking qBittorrent to announce
    // `hashes` again every 10 s meanwhile: under load 5.1 sometimes leaves a tracker row as
    // it was before the first announce's answer (measured: 2 of 3 runs on a busy machine).
    // The rows are the harness's doing, not the product's. True when it held in `timeout`.
    bool wait_for_tracker_rows(const std::vector<std::string>& hashes, const std::function<bool()>& settled,
                               std::chrono::milliseconds timeout = std::chrono::seconds(45));
    // Raw helpers with the lab's own session (paths below /api/v2/). Re-login once on 403;
    // throw std::runtime_error on transport errors and non-2xx answers.
    std::string get(const std::string& endpoint_and_query);
    std::string post(const std::string& endpoint, const std::string& form);

    void stop();     // SIGTERM and wait ("qBittorrent stopped mid-job" tests)
    void kill();     // SIGKILL at once (a crash)
    void restart();  // start again on the same profile and ports (after stop(), or stops first)
    bool running();
    pid_t pid() const { return process_.pid(); }  // qBittorrent's own pid (also in a root)

private:
    QbtLab();
    void launch();
    void wait_until_ready(double seconds);
    LabHttpResult call(bool is_post, const std::string& endpoint, const std::string& form);
    void wait_until_listed(const std::vector<std::string>& hashes, double seconds);

    TempDir root_{"qbt-lab-"};
    QbtRelease release_;
    std::string app_version_;
    LabVersion webapi_version_;
    int webui_port_ = 0;
    int bt_port_ = 0;
    std::string username_ = "admin";
    std::string password_ = "adminadmin";
    ChildProcess process_;
    std::unique_ptr<LabHttp> http_;
    uint64_t seed_base_ = 0;
    uint64_t torrents_made_ = 0;
    std::map<std::string, int> name_uses_;  // file name -> times used (duplicates get subdirs)
    int data_dirs_made_ = 0;                 // make_data_dir
    std::vector<std::filesystem::path> shared_dirs_;  // share_dir
};

// Writes <profile>/qBittorrent/config/qBittorrent.conf for a loopback-only instance.
void write_qbittorrent_conf(const std::filesystem::path& profile, int webui_port, int bt_port,
                            const std::filesystem::path& save_path);

}  // namespace qbt::testing
