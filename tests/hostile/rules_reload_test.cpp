// The real executable against a real qbittorrent-nox: rules.yml edited while the server
// runs. A valid new version is used by the next job; an invalid one is refused (the last
// good rules keep running, /api/health answers 503 naming file:line); fixing the file
// makes health 200 again. A catastrophic regex cannot hang the worker.
#include "child_process.hpp"
#include "raw_http.hpp"
#include "net.hpp"
#include "qbt_lab.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace qt = qbt::testing;
namespace qh = qbt::hostile;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kKey = "reload-test-api-key-0123456789abcdef";
const std::string kSlowName = std::string(34, 'a') + "b";

std::string tag_rule(const std::string& tag) {
    return "rules:\n"
           "  - name: Tag everything " + tag + "\n"
           "    conditions:\n"
           "      - field: info.name\n"
           "        operator: matches\n"
           "        value: '.'\n"
           "    actions:\n"
           "      - type: add_tag\n"
           "        params: {tags: [" + tag + "]}\n";
}

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) doc.SetObject();
    return doc;
}

qt::TorrentSpec named(const std::string& name) {
    qt::TorrentSpec spec;
    spec.name = name;
    return spec;
}

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return done();
}

std::string status_of(const rapidjson::Document& job) {
    return job.HasMember("status") && job["status"].IsString() ? job["status"].GetString() : "(none)";
}

class RulesReload : public ::testing::Test {
protected:
    void SetUp() override {
        const char* exe = std::getenv("QBT_RULES_EXE");
        ASSERT_TRUE(exe) << "run through meson test";
        if (!fs::exists(exe)) GTEST_SKIP() << exe << " not built";
        lab = qt::QbtLab::start();
        hashes = lab->add_torrents({named("reload-alpha"), named("reload-beta"), named(kSlowName)});
        rules_file = (dir.path() / "rules.yml").string();
        write_rules(tag_rule("rule-a"));
        port = qt::free_port();
        const auto qbt = lab->client_config();
        const std::map<std::string, std::string> env = {
            {"QBT_RULES_CONFIG_DIR", dir.path().string()},
            {"QBT_RULES_SERVER_HOST", "127.0.0.1"},
            {"QBT_RULES_SERVER_PORT", std::to_string(port)},
            {"QBT_RULES_SERVER_API_KEY", kKey},
            {"QBT_RULES_QUEUE_SQLITE_PATH", (dir.path() / "qbt-rules.db").string()},
            {"QBT_RULES_RULES_FILE", rules_file},
            {"QBT_RULES_QBITTORRENT_HOST", lab->url()},
            {"QBT_RULES_QBITTORRENT_USERNAME", lab->username()},
            {"QBT_RULES_QBITTORRENT_PASSWORD", lab->password()},
            {"QBT_RULES_PLUGINS_DIRS", (dir.path() / "no-user-plugins").string()},
        };
        for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
        log = (dir.path() / "server.log").string();
        server.start({exe, "--serve"}, log);
        ASSERT_TRUE(wait_for([&] { return qt::port_open(port); }, 30s)) << qt::file_tail(log);
    }
    void TearDown() override { server.stop(10); }

    // Editors save either in place or by renaming a new file over the old one: do both.
    void write_rules(const std::string& text, bool by_rename = false) {
        const std::string target = by_rename ? rules_file + ".tmp" : rules_file;
        std::ofstream(target, std::ios::trunc) << text;
        if (by_rename) fs::rename(target, rules_file);
    }
    qh::RawResponse call(const std::string& method, const std::string& target) {
        return qh::raw_exchange(port, qh::build_request(method, target, kKey));
    }
    // Queues a job and waits for it; returns its final JSON document.
    rapidjson::Document run_job(std::chrono::seconds timeout = 60s) {
        const auto queued = call("POST", "/api/execute?context=reload");
        EXPECT_EQ(queued.code, 202) << queued.body;
        const auto queued_doc = parse(queued.body);
        if (!queued_doc.HasMember("job_id")) return parse("{}");
        const std::string id = queued_doc["job_id"].GetString();
        rapidjson::Document job;
        const bool done = wait_for([&] {
            job = parse(call("GET", "/api/jobs/" + id).body);
            const std::string status = status_of(job);
            return status == "completed" || status == "failed";
        }, timeout);
        EXPECT_TRUE(done) << "job " << id << " did not finish in " << timeout.count() << " s\n" << qt::file_tail(log);
        return job;
    }
    std::string tags_of(const std::string& hash) {
        auto doc = parse(lab->info_json(hash));
        return doc.IsArray() && doc.Size() == 1 ? doc[0]["tags"].GetString() : "?";
    }
    void clear_tags() { lab->post("torrents/removeTags", "hashes=all&tags=rule-a,rule-b,rule-c"); }

    qt::TempDir dir{"qbt-reload-"};
    std::unique_ptr<qt::QbtLab> lab;
    std::vector<std::string> hashes;
    std::string rules_file, log;
    int port = 0;
    qt::ChildProcess server;
};

TEST_F(RulesReload, NewValidRulesAreUsedInvalidOnesKeepTheLastGood) {
    auto job = run_job();
    EXPECT_EQ(status_of(job), "completed") << qt::file_tail(log);
    EXPECT_EQ(tags_of(hashes[0]), "rule-a");

    clear_tags();
    write_rules("# version B\n" + tag_rule("rule-b"));
    job = run_job();
    EXPECT_EQ(status_of(job), "completed");
    EXPECT_EQ(tags_of(hashes[0]), "rule-b") << "the edited rules were not used";

    // Line 8 names an action that does not exist.
    clear_tags();
    const std::string broken = tag_rule("rule-c");
    write_rules(broken.substr(0, broken.find("      - type: add_tag")) + "      - type: frobnicate_everything\n", true);
    job = run_job();
    EXPECT_EQ(status_of(job), "completed");
    EXPECT_EQ(tags_of(hashes[0]), "rule-b") << "the last good rules must keep running";
    auto health = call("GET", "/api/health");
    EXPECT_EQ(health.code, 503) << health.body;
    EXPECT_NE(health.body.find("rules.yml:8:"), std::string::npos) << "health must name file:line: " << health.body;
    EXPECT_NE(health.body.find("frobnicate_everything"), std::string::npos) << health.body;

    clear_tags();
    write_rules(tag_rule("rule-c"));
    job = run_job();
    EXPECT_EQ(status_of(job), "completed");
    EXPECT_EQ(tags_of(hashes[0]), "rule-c");
    health = call("GET", "/api/health");
    EXPECT_EQ(health.code, 200) << health.body;
}

TEST_F(RulesReload, CatastrophicRegexCannotHangTheWorker) {
    write_rules("rules:\n"
                "  - name: Evil regex\n"
                "    conditions:\n"
                "      - field: info.name\n"
                "        operator: matches\n"
                "        value: '^(a+)+$'\n"
                "    actions:\n"
                "      - type: add_tag\n"
                "        params: {tags: [evil]}\n");
    const auto started = std::chrono::steady_clock::now();
    auto job = run_job(60s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(job.HasMember("status"));
    EXPECT_EQ(status_of(job), "completed") << qt::file_tail(log);
    EXPECT_LT(seconds, 30.0);
    ASSERT_TRUE(job.HasMember("result") && job["result"].IsObject()) << qt::file_tail(log);
    const auto& result = job["result"];
    ASSERT_TRUE(result.HasMember("errors")) << qt::file_tail(log);
    EXPECT_GE(result["errors"].GetInt(), 1) << "the regex that gave up must be counted as an error";
    EXPECT_EQ(tags_of(hashes[2]), "") << "a regex that gave up must not match";
    std::printf("catastrophic regex job: %.2f s, errors %d\n", seconds, result["errors"].GetInt());
    EXPECT_EQ(call("GET", "/api/health").code, 200);
}

}  // namespace
