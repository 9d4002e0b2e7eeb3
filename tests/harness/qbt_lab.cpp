#include "qbt_lab.hpp"

#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <thread>

#include "net.hpp"

namespace qbt::testing {
namespace {

constexpr double kStartSeconds = 20;

std::string join_hashes(const std::vector<std::string>& hashes) {
    std::string joined;
    for (const auto& hash : hashes) joined += (joined.empty() ? "" : "|") + hash;
    return joined;
}

}  // namespace

QbtLab::QbtLab() = default;

QbtLab::~QbtLab() { process_.stop(); }

std::unique_ptr<QbtLab> QbtLab::start(int webui_port) { return start(release_from_env(), webui_port); }

std::unique_ptr<QbtLab> QbtLab::start(const QbtRelease& release, int webui_port) {
    std::unique_ptr<QbtLab> lab(new QbtLab());
    lab->release_ = release;
    lab->webui_port_ = webui_port > 0 ? webui_port : free_port();
    do lab->bt_port_ = free_port();
    while (lab->bt_port_ == lab->webui_port_);
    lab->seed_base_ = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
    std::filesystem::create_directories(lab->data_dir());
    std::filesystem::create_directories(lab->root_.path() / "torrents");
    write_qbittorrent_conf(lab->profile_dir(), lab->webui_port_, lab->bt_port_, lab->data_dir());
    lab->http_ = std::make_unique<LabHttp>(lab->url());
    lab->launch();
    return lab;
}

std::filesystem::path QbtLab::profile_dir() const { return root_.path() / "profile"; }
std::filesystem::path QbtLab::data_dir() const { return root_.path() / "data"; }
std::filesystem::path QbtLab::torrent_path(const std::string& hash) const {
    return root_.path() / "torrents" / (hash + ".torrent");
}

std::string QbtLab::url() const { return "http://127.0.0.1:" + std::to_string(webui_port_); }

config::QbittorrentConfig QbtLab::client_config() const {
    config::QbittorrentConfig config;
    config.host = url();
    config.username = username_;
    config.password = password_;
    config.connect_timeout_seconds = 5;
    config.timeout_seconds = 60;
    config.max_concurrency = 8;
    return config;
}

void QbtLab::launch() {
    const std::string log = (profile_dir() / "qbittorrent-nox.log").string();
    std::vector<std::filesystem::path> visible = {root_.path()};
    visible.insert(visible.end(), shared_dirs_.begin(), shared_dirs_.end());
    process_.start(launch_argv(release_, visible,
                               {"--profile=" + profile_dir().string(), "--webui-port=" + std::to_string(webui_port_)}),
                   log);
    http_->reset();
    try {
        wait_until_ready(kStartSeconds);
    } catch (...) {
        process_.stop(2);
        throw;
    }
}

void QbtLab::wait_until_ready(double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    const std::string log = (profile_dir() / "qbittorrent-nox.log").string();
    std::string last_problem = "web UI port never opened";
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_.running())
            throw std::runtime_error("QbtLab: qbittorrent-nox exited during start-up (" + process_.exit_description() +
                                     "); its output:\n" + file_tail(log));
        if (port_open(webui_port_)) {
            try {
                if (http_->login(username_, password_)) {
                    LabHttpResult version = http_->get("app/version");
                    LabHttpResult webapi = http_->get("app/webapiVersion");
                    if (version.status == 200 && webapi.status == 200) {
                        app_version_ = version.body;
                        webapi_version_ = parse_lab_version(webapi.body);
                        return;
                    }
                }
                last_problem = "login did not answer Ok.";
            } catch (const std::exception& error) {
                last_problem = error.what();
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("QbtLab: qbittorrent-nox on " + url() + " not ready after " +
                             std::to_string(static_cast<int>(seconds)) + " s (" + last_problem + "); its output:\n" +
                             file_tail(log));
}

LabHttpResult QbtLab::call(bool is_post, const std::string& endpoint, const std::string& form) {
    for (int attempt = 0;; ++attempt) {
        LabHttpResult result = is_post ? http_->post(endpoint, form) : http_->get(endpoint);
        if (result.status == 403 && attempt == 0 && http_->login(username_, password_)) continue;
        if (result.status < 200 || result.status > 299)
            throw std::runtime_error("QbtLab: " + std::string(is_post ? "POST " : "GET ") + endpoint + " answered " +
                                     std::to_string(result.status) + ": " + result.body.substr(0, 300));
        return result;
    }
}

std::string QbtLab::get(const std::string& endpoint_and_query) { return call(false, endpoint_and_query, "").body; }
std::string QbtLab::post(const std::string& endpoint, const std::string& form) { return call(true, endpoint, form).body; }
std::string QbtLab::info_json(const std::string& hash) { return get("torrents/info?hashes=" + hash); }

std::string QbtLab::stop_endpoint() const {
    return webapi_version_.at_least(2, 11) ? "torrents/stop" : "torrents/pause";
}
std::string QbtLab::start_endpoint() const {
    return webapi_version_.at_least(2, 11) ? "torrents/start" : "torrents/resume";
}
void QbtLab::stop_torrents(const std::vector<std::string>& hashes) {
    post(stop_endpoint(), "hashes=" + join_hashes(hashes));
}
void QbtLab::start_torrents(const std::vector<std::string>& hashes) {
    post(start_endpoint(), "hashes=" + join_hashes(hashes));
}

void QbtLab::stop() { process_.stop(); }
void QbtLab::kill() { process_.kill_now(); }
bool QbtLab::running() { return process_.running(); }

void QbtLab::restart() {
    process_.stop();
    launch();
}

}  // namespace qbt::testing
