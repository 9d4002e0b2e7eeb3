// Durability: a `qbt-rules --serve` process killed with SIGKILL while jobs are pending,
// one is processing and more are being submitted loses none of the jobs it acknowledged
// (202): a restarted server on the same database lists every one of them, and the job
// that was processing is recovered instead of lost.
//
// Needs the full executable ($QBT_RULES_EXE). The test is skipped (with this reason)
// while the executable does not exist in the build tree.
#include "child_process.hpp"
#include "http_test_client.hpp"
#include "net.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace qt = qbt::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kKey = "kill9-test-api-key-0123456789abcdef";

// A TCP listener that never answers: the engine's qBittorrent calls hang on it, so a job
// stays "processing" while the server is killed.
class SilentListener {
public:
    SilentListener() {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(fd_, 64);
        socklen_t len = sizeof addr;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~SilentListener() { close(fd_); }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

TEST(Kill9, EveryAcknowledgedJobSurvivesSigkill) {
    const char* exe_env = std::getenv("QBT_RULES_EXE");
    const char* source_root = std::getenv("QBT_TEST_SOURCE_ROOT");
    ASSERT_TRUE(exe_env && source_root) << "run through meson test";
    const std::string exe = exe_env;
    if (!fs::exists(exe)) GTEST_SKIP() << exe << " not built yet (the --serve wiring is the lead's)";

    qt::TempDir dir("qbt-kill9-");
    fs::copy_file(fs::path(source_root) / "config" / "rules.default.yml", dir.path() / "rules.yml");
    SilentListener qbittorrent;
    const int port = qt::free_port();
    const std::map<std::string, std::string> env = {
        {"QBT_RULES_CONFIG_DIR", dir.path().string()},
        {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
        {"QBT_RULES_SERVER_PORT", std::to_string(port)},
        {"QBT_RULES_SERVER_API_KEY", kKey},
        {"QBT_RULES_QUEUE_SQLITE_PATH", (dir.path() / "qbt-rules.db").string()},
        {"QBT_RULES_RULES_FILE", (dir.path() / "rules.yml").string()},
        {"QBT_RULES_QBITTORRENT_HOST", "http://127.0.0.1:" + std::to_string(qbittorrent.port())},
        {"QBT_RULES_QBITTORRENT_TIMEOUT_SECONDS", "300"},
        {"QBT_RULES_QBITTORRENT_CONNECT_TIMEOUT_SECONDS", "300"},
        {"QBT_RULES_PLUGINS_DIRS", (dir.path() / "no-user-plugins").string()},
    };
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const std::string key_header = "X-API-Key: " + kKey;
    const std::string log = (dir.path() / "server.log").string();

    qt::ChildProcess server;
    server.start({exe, "--serve"}, log);
    ASSERT_TRUE(wait_for([&] { return qt::port_open(port); }, 30s)) << qt::file_tail(log);

    // Submit jobs from a second thread until the server dies; remember every 202.
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::atomic<bool> stop{false};
    std::thread submitter([&] {
        for (int i = 0; !stop; ++i) {
            const auto r = qt::http_request("POST", base + "/api/execute?context=kill9-" + std::to_string(i), "",
                                            {key_header});
            if (r.code != 202) continue;
            auto doc = qt::parse_json(r.body);
            std::lock_guard lock(mutex);
            acknowledged.emplace_back(doc["job_id"].GetString());
        }
    });
    const bool processing = wait_for([&] {
        const auto r = qt::http_request("GET", base + "/api/jobs?status=processing", "", {key_header});
        return r.code == 200 && qt::parse_json(r.body)["total"].GetUint64() == 1;
    }, 30s);
    ASSERT_TRUE(wait_for([&] { std::lock_guard lock(mutex); return acknowledged.size() >= 20; }, 30s));
    server.kill_now();
    stop = true;
    submitter.join();
    EXPECT_TRUE(processing) << "no job was processing when the server was killed\n" << qt::file_tail(log);

    server.start({exe, "--serve"}, log);
    ASSERT_TRUE(wait_for([&] { return qt::port_open(port); }, 30s)) << qt::file_tail(log);
    for (const std::string& id : acknowledged) {
        const auto r = qt::http_request("GET", base + "/api/jobs/" + id, "", {key_header});
        EXPECT_EQ(r.code, 200) << "acknowledged job " << id << " is lost: " << r.body;
    }
    const auto all = qt::parse_json(qt::http_request("GET", base + "/api/jobs?limit=1", "", {key_header}).body);
    // One request may have been stored while its 202 was lost with the process.
    EXPECT_GE(all["total"].GetUint64(), acknowledged.size());
    EXPECT_LE(all["total"].GetUint64(), acknowledged.size() + 1);
    server.stop(5);  // its worker hangs on the silent qBittorrent again: no need to wait long
}

}  // namespace
