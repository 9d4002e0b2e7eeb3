// Custom plugins as a user builds them: the two SDK examples compiled with the one-line
// commands of their headers (outside meson) into a plugins dir, next to three broken
// plugins (one crashes while loading, one has the wrong ABI major, one fails init). The
// real `qbt-rules --serve` against a real qBittorrent reports and skips the broken ones,
// lists the examples in GET /api/version, and a job with a rule using `has_word` in a
// condition and `append_line` as its action writes one line per matching torrent, and
// only for those.
#include "child_process.hpp"
#include "e2e_support.hpp"
#include "test_harness.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace qt = qbt::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kKey = "examples-test-api-key-0123456789abcdef";

std::string env_or_empty(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs a compiler command line; its output goes to a log quoted on failure.
void compile(const std::string& command, const fs::path& log) {
    const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
    ASSERT_EQ(rc, 0) << command << "\n" << read_file(log);
}

// A plugin whose constructor raises SIGSEGV as soon as it is loaded.
const char* kCrashAtLoad = R"(#include <qbt/qbt.h>
#include <signal.h>
__attribute__((constructor)) static void boom(void) { raise(SIGSEGV); }
static const void* factory(const char* id) { (void)id; return 0; }
QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.test.crash", "Crash",
                    "1", "crashes while loading", 0, 0, factory};
)";
// Built against a future major version of the ABI.
const char* kWrongAbi = R"(#include <qbt/qbt.h>
static const void* factory(const char* id) { (void)id; return 0; }
QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR + 1, 0, "org.test.future", "Future",
                    "1", "wrong ABI major", 0, 0, factory};
)";
// init() reports an error.
const char* kInitFails = R"(#include <qbt/qbt.h>
static int init(const qbt_host* host, qbt_error* err) {
    (void)host;
    return qbt_error_set(err, QBT_E_UNAVAILABLE, "init refuses on purpose");
}
static const void* factory(const char* id) { (void)id; return 0; }
QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.test.init-fails", "Init fails",
                    "1", "init fails", init, 0, factory};
)";

qt::TorrentSpec spec(const std::string& name) {
    qt::TorrentSpec s;
    s.name = name;
    return s;
}

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

TEST(ExamplePlugins, BuiltOutsideMesonTheyRunInARealJobAndBrokenOnesAreSkipped) {
    const std::string exe = env_or_empty("QBT_RULES_EXE");
    const fs::path source_root = env_or_empty("QBT_TEST_SOURCE_ROOT");
    ASSERT_FALSE(exe.empty() || source_root.empty()) << "run through meson test";
    const fs::path sdk_include = source_root / "sdk" / "include";
    const fs::path examples = source_root / "sdk" / "examples";

    qt::TempDir dir("qbt-examples-");
    const fs::path plugins = dir.path() / "plugins";
    fs::create_directories(plugins);
    const std::string inc = " -I'" + sdk_include.string() + "'";
    // The documented one-liners (plus -Wall -Werror: the examples must stay warning-free).
    compile("cc -std=c99 -shared -fPIC -O2 -Wall -Wextra -Werror" + inc + " -o '" + (plugins / "append_line.so").string() +
                "' '" + (examples / "append_line_action" / "append_line.c").string() + "'",
            dir.path() / "cc-append.log");
    compile("c++ -std=c++20 -shared -fPIC -O2 -fvisibility=hidden -Wall -Wextra -Werror" + inc + " -o '" + (plugins / "has_word.so").string() +
                "' '" + (examples / "has_word_operator" / "has_word.cpp").string() + "'",
            dir.path() / "cc-has-word.log");
    // Broken ones sort first: the host must go on to the good ones after them.
    const std::vector<std::pair<std::string, const char*>> broken = {
        {"0_crash_at_load", kCrashAtLoad}, {"1_wrong_abi", kWrongAbi}, {"2_init_fails", kInitFails}};
    for (const auto& [name, source] : broken) {
        write_file(dir.path() / (name + ".c"), source);
        compile("cc -std=c99 -shared -fPIC" + inc + " -o '" + (plugins / (name + ".so")).string() + "' '" +
                    (dir.path() / (name + ".c")).string() + "'",
                dir.path() / (name + ".log"));
    }
    if (HasFatalFailure()) return;

    auto lab = qt::QbtLab::start();
    const std::vector<std::string> hashes = lab->add_torrents({spec("Ubuntu.22.04.desktop.iso"), spec("kubuntu-23.04.iso"),
                                                               spec("linux-UBUNTU-server.iso"), spec("debian-12.iso"),
                                                               spec("Movie.2020.mkv")});
    const std::set<std::string> expected = {hashes[0] + "\tUbuntu.22.04.desktop.iso\tLog ubuntu torrents",
                                            hashes[2] + "\tlinux-UBUNTU-server.iso\tLog ubuntu torrents"};
    const fs::path out = dir.path() / "ubuntu.log";
    write_file(dir.path() / "rules.yml", "rules:\n"
                                         "  - name: Log ubuntu torrents\n"
                                         "    conditions:\n"
                                         "      - field: info.name\n"
                                         "        operator: has_word\n"
                                         "        value: ubuntu\n"
                                         "    actions:\n"
                                         "      - type: append_line\n"
                                         "        params: {path: '" + out.string() + "'}\n");

    const int port = qt::free_port();
    const std::map<std::string, std::string> env = {
        {"QBT_RULES_CONFIG_DIR", dir.path().string()},
        {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
        {"QBT_RULES_SERVER_PORT", std::to_string(port)},
        {"QBT_RULES_SERVER_API_KEY", kKey},
        {"QBT_RULES_QBITTORRENT_HOST", lab->url()},
        {"QBT_RULES_QBITTORRENT_USERNAME", lab->username()},
        {"QBT_RULES_QBITTORRENT_PASSWORD", lab->password()},
        {"QBT_RULES_PLUGINS_DIRS", plugins.string()},
    };
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const std::string key_header = "X-API-Key: " + kKey;
    const std::string log = (dir.path() / "server.log").string();

    qt::ChildProcess server;
    server.start({exe, "--serve"}, log);
    ASSERT_TRUE(wait_for([&] { return qt::port_open(port); }, 60s)) << qt::file_tail(log);

    // Each broken plugin: one log line naming its file, and a problem in /api/version.
    const std::string server_log = read_file(log);
    for (const auto& [name, source] : broken)
        EXPECT_NE(server_log.find("plugin " + (plugins / (name + ".so")).string() + " refused: "), std::string::npos)
            << name << " not reported:\n" << server_log;
    EXPECT_NE(server_log.find("init refuses on purpose"), std::string::npos) << server_log;
    const auto version = qbt::e2e::parse(qbt::e2e::http("GET", base + "/api/version", {key_header}).body);
    ASSERT_TRUE(version.IsObject() && version.HasMember("plugins") && version.HasMember("plugin_problems"));
    std::set<std::string> ids;
    for (const auto& p : version["plugins"].GetArray()) ids.insert(p["id"].GetString());
    EXPECT_TRUE(ids.count("org.example.append-line") && ids.count("org.example.has-word")) << server_log;
    EXPECT_FALSE(ids.count("org.test.crash") || ids.count("org.test.future") || ids.count("org.test.init-fails"));
    EXPECT_EQ(version["plugin_problems"].Size(), broken.size());

    const auto submitted = qbt::e2e::http("POST", base + "/api/execute", {key_header});
    ASSERT_EQ(submitted.code, 202) << submitted.body;
    const std::string job_id = qbt::e2e::parse(submitted.body)["job_id"].GetString();
    std::string status, job_body;
    ASSERT_TRUE(wait_for([&] {
        job_body = qbt::e2e::http("GET", base + "/api/jobs/" + job_id, {key_header}).body;
        const auto job = qbt::e2e::parse(job_body);
        status = job.IsObject() && job.HasMember("status") ? job["status"].GetString() : "";
        return status == "completed" || status == "failed";
    }, 60s)) << job_body << qt::file_tail(log);
    EXPECT_EQ(status, "completed") << job_body;

    std::set<std::string> lines;
    std::ifstream written(out);
    size_t count = 0;
    for (std::string line; std::getline(written, line); ++count) lines.insert(line);
    EXPECT_EQ(count, expected.size()) << read_file(out);
    EXPECT_EQ(lines, expected) << read_file(out);
    EXPECT_EQ(qbt::e2e::http("GET", base + "/api/health").code, 200);
    EXPECT_TRUE(server.running());
    server.stop(15);
}

}  // namespace
