// The ABI's thread rule (sdk/include/qbt/entry.h, "Threads"), proven with a plugin that
// counts overlapping calls (plugins/reentry_probe.c) while jobs run on the worker and
// previews on the preview thread against a real qbittorrent-nox, and rules sent with the
// previews are compiled and released on HTTP threads:
//  - a plugin that does not declare QBT_PLUGIN_THREAD_SAFE is never entered twice at once;
//  - the same plugin declaring it IS entered concurrently under the same load (so the
//    first result is the host's doing, not a test that cannot see overlaps).
#include "qbt_lab.hpp"
#include "real_server.hpp"
#include "temp_dir.hpp"
#include "webapi/curl_web_api.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

namespace qbt::testing {
namespace {

namespace fs = std::filesystem;

struct Report {
    long calls = -1, overlaps = -1, matches = -1, executes = -1;
    int threads = -1;
};

Report read_report(const fs::path& path) {
    std::ifstream in(path);
    std::string word;
    Report r;
    in >> word >> r.calls >> word >> r.overlaps >> word >> r.threads >> word >> r.matches >> word >> r.executes;
    return r;
}

std::string rules_for(const std::string& suffix) {
    return "rules:\n"
           "  - name: Probe " + suffix + "\n"
           "    conditions:\n"
           "      - {field: info.name, operator: probe_" + suffix + ", value: x}\n"
           "      - {field: info.size, operator: probe_" + suffix + ", value: 0}\n"
           "    actions:\n"
           "      - {type: probe_mark_" + suffix + "}\n";
}

class ThreadRule : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        lab = QbtLab::start().release();
        std::vector<TorrentSpec> specs(6);
        lab->add_torrents(specs);
        api = new webapi::CurlWebApi(lab->client_config());
    }
    static void TearDownTestSuite() {
        delete api;
        delete lab;
    }

    // Loads the probe (as a user plugin: probed in a child first) beside the built-ins,
    // runs 8 jobs and 16 previews (each with its own copy of the rules) at the same time,
    // stops everything and returns what the probe counted.
    static Report run_with(const std::string& suffix) {
        TempDir dir("qbt-thread-rule-");
        const fs::path plugins_dir = dir.path() / "plugins";
        fs::create_directories(plugins_dir);
        fs::copy_file(fs::path(TEST_PLUGIN_BUILD_DIR) / ("test_reentry_" + suffix + ".so"),
                      plugins_dir / ("test_reentry_" + suffix + ".so"));
        const fs::path report = dir.path() / "report.txt";
        plugin::LoaderOptions options;
        options.builtin_dir = plugin::resolve_builtin_dir("");
        options.user_dirs = {plugins_dir.string()};
        options.plugin_config_json["test.reentry-" + suffix] = "{\"report\": \"" + report.string() + "\"}";
        {
            plugin::PluginHost plugins(options);
            plugins.load_all();
            EXPECT_TRUE(plugins.registry().problems().empty()) << plugins.registry().problems().front();
            const std::string rules = rules_for(suffix);
            RealServer server(*api, rules, std::chrono::seconds(30), &plugins);
            std::string body = "{\"rules\": \"";
            for (char c : rules) body += c == '\n' ? std::string("\\n") : std::string(1, c);
            body += "\"}";
            std::thread previews([&] {
                for (int i = 0; i < 16; ++i) {
                    long code = 0;
                    post_json(server.url("/api/preview"), i % 2 ? body : "", &code);
                    EXPECT_TRUE(code == 200 || code == 429) << code;
                    if (code == 429) --i;  // the previous preview still runs: ask again
                }
            });
            for (int i = 0; i < 8; ++i) server.run_job();
            previews.join();
        }  // server stopped, then the plugins' deinit() writes the report
        const Report r = read_report(report);
        std::cout << suffix << ": " << r.calls << " calls from " << r.threads << " threads, " << r.overlaps
                  << " overlapping, " << r.matches << " matches, " << r.executes << " executes\n";
        return r;
    }

    static QbtLab* lab;
    static webapi::CurlWebApi* api;
};
QbtLab* ThreadRule::lab = nullptr;
webapi::CurlWebApi* ThreadRule::api = nullptr;

TEST_F(ThreadRule, APluginThatIsNotThreadSafeIsNeverEnteredTwiceAtOnce) {
    const Report r = run_with("serial");
    EXPECT_EQ(r.executes, 8) << "every job executed the action once (6 torrents, one batch)";
    EXPECT_GT(r.matches, 8 * 6) << "jobs and previews matched every torrent";
    EXPECT_GE(r.threads, 3) << "the worker, the preview thread and HTTP threads all called it";
    EXPECT_EQ(r.overlaps, 0) << "calls " << r.calls;
}

TEST_F(ThreadRule, ThePluginDeclaringThreadSafetyIsEnteredConcurrently) {
    const Report r = run_with("parallel");
    EXPECT_EQ(r.executes, 8);
    EXPECT_GE(r.threads, 3);
    EXPECT_GT(r.overlaps, 0) << "calls " << r.calls << ": under this load the probe sees overlaps when allowed";
}

}  // namespace
}  // namespace qbt::testing
