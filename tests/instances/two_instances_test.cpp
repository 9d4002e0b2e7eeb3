// Two real qbittorrent-nox instances behind one `qbt-rules --serve`: a job for instance a
// changes only a's torrents; instance=all fans out one job per instance; a rule restricted
// to b never touches a; GET /api/jobs?instance= filters; unknown names are 400; --validate
// reports a rule naming an instance that is not configured.
#include "child_process.hpp"
#include "net.hpp"
#include "qbt_lab.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace qt = qbt::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kKey = "instances-test-api-key-0123456789abcdef";

struct Http {
    long code = 0;
    std::string body;
};

size_t append(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

Http http(const std::string& method, const std::string& url) {
    Http result;
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, ("X-API-Key: " + kKey).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return result;
}

rapidjson::Document json(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    return doc;
}

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

// The tags of one torrent, as qBittorrent reports them ("a, b").
std::string tags_of(qt::QbtLab& lab, const std::string& hash) {
    const auto doc = json(lab.info_json(hash));
    if (!doc.IsArray() || doc.Empty() || !doc[0].HasMember("tags")) return "<missing>";
    return doc[0]["tags"].GetString();
}

bool has_tag(qt::QbtLab& lab, const std::string& hash, const std::string& tag) {
    const std::string tags = ", " + tags_of(lab, hash) + ",";
    return tags.find(", " + tag + ",") != std::string::npos;
}

class TwoInstances : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        exe_ = std::getenv("QBT_RULES_EXE") ? std::getenv("QBT_RULES_EXE") : "";
        if (exe_.empty() || !fs::exists(exe_)) return;
        dir_ = std::make_unique<qt::TempDir>("qbt-instances-");
        a_ = qt::QbtLab::start();
        b_ = qt::QbtLab::start();
        a_hashes_ = a_->add_torrents({{.name = "alpha-1"}, {.name = "alpha-2"}});
        b_hashes_ = b_->add_torrents({{.name = "beta-1"}, {.name = "beta-2"}});
        write_files();
        port_ = qt::free_port();
        // b's password comes from a _FILE variable, a's from config.yml.
        setenv("QBT_RULES_CONFIG_DIR", dir_->path().c_str(), 1);
        setenv("QBT_RULES_SERVER_PORT", std::to_string(port_).c_str(), 1);
        setenv("QBT_RULES_QBITTORRENT_B_PASSWORD_FILE", (dir_->path() / "b-password").c_str(), 1);
        server_ = std::make_unique<qt::ChildProcess>();
        server_->start({exe_, "--serve"}, log());
        wait_for([] { return qt::port_open(port_); }, 30s);
    }
    static void TearDownTestSuite() {
        if (server_) server_->stop(10);
        server_.reset();
        a_.reset();
        b_.reset();
        dir_.reset();
    }
    void SetUp() override {
        if (exe_.empty() || !fs::exists(exe_)) GTEST_SKIP() << "qbt-rules not built ($QBT_RULES_EXE)";
        ASSERT_TRUE(qt::port_open(port_)) << qt::file_tail(log());
    }

    static void write_files() {
        std::ofstream(dir_->path() / "b-password") << b_->password() << "\n";
        std::ofstream(dir_->path() / "config.yml")
            << "server: {host: 127.0.0.1, api_key: " << kKey << "}\n"
            << "queue: {backend: sqlite}\n"
            << "plugins: {dirs: [" << (dir_->path() / "no-plugins").string() << "]}\n"
            << "qbittorrent:\n  instances:\n"
            << "    - {name: a, host: '" << a_->url() << "', username: admin, password: " << a_->password() << "}\n"
            << "    - {name: b, host: '" << b_->url() << "', username: admin}\n";
        std::ofstream(dir_->path() / "rules.yml") << R"(rules:
  - name: mark every torrent
    context: mark
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: add_tag, params: {tags: [seen]}}]
  - name: only on b
    instance: b
    context: mark
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: add_tag, params: {tags: [b-only]}}]
)";
    }
    static std::string log() { return (dir_->path() / "server.log").string(); }
    static std::string url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(port_) + path; }

    // Waits for a job to finish; returns its final status.
    static std::string finish(const std::string& id) {
        std::string status;
        wait_for([&] {
            const auto doc = json(http("GET", url("/api/jobs/" + id)).body);
            status = doc.IsObject() && doc.HasMember("status") ? doc["status"].GetString() : "";
            return status == "completed" || status == "failed";
        }, 30s);
        return status;
    }

    static inline std::string exe_;
    static inline std::unique_ptr<qt::TempDir> dir_;
    static inline std::unique_ptr<qt::QbtLab> a_, b_;
    static inline std::vector<std::string> a_hashes_, b_hashes_;
    static inline std::unique_ptr<qt::ChildProcess> server_;
    static inline int port_ = 0;
};

// Runs in declaration order (gtest keeps it within a suite): each step builds on the last.
TEST_F(TwoInstances, AJobForAChangesOnlyA) {
    const Http queued = http("POST", url("/api/execute?context=mark&instance=a"));
    ASSERT_EQ(queued.code, 202) << queued.body;
    const auto job = json(queued.body);
    ASSERT_TRUE(job.HasMember("job_id")) << queued.body;  // the single-job body of the seed
    EXPECT_STREQ(job["instance"].GetString(), "a");
    ASSERT_EQ(finish(job["job_id"].GetString()), "completed") << qt::file_tail(log());
    for (const auto& h : a_hashes_) {
        EXPECT_TRUE(has_tag(*a_, h, "seen")) << tags_of(*a_, h);
        EXPECT_FALSE(has_tag(*a_, h, "b-only")) << "a rule restricted to b ran on a: " << tags_of(*a_, h);
    }
    for (const auto& h : b_hashes_) EXPECT_FALSE(has_tag(*b_, h, "seen")) << "a's job touched b: " << tags_of(*b_, h);
}

TEST_F(TwoInstances, AllFansOutOneJobPerInstance) {
    const Http queued = http("POST", url("/api/execute?context=mark&instance=all"));
    ASSERT_EQ(queued.code, 202) << queued.body;
    const auto body = json(queued.body);
    ASSERT_TRUE(body.HasMember("jobs") && body["jobs"].IsArray()) << queued.body;
    ASSERT_EQ(body["jobs"].Size(), 2u) << queued.body;
    EXPECT_STREQ(body["jobs"][0]["instance"].GetString(), "a");
    EXPECT_STREQ(body["jobs"][1]["instance"].GetString(), "b");
    for (const auto& job : body["jobs"].GetArray())
        EXPECT_EQ(finish(job["job_id"].GetString()), "completed") << qt::file_tail(log());
    for (const auto& h : b_hashes_) {
        EXPECT_TRUE(has_tag(*b_, h, "seen")) << tags_of(*b_, h);
        EXPECT_TRUE(has_tag(*b_, h, "b-only")) << tags_of(*b_, h);
    }
    for (const auto& h : a_hashes_) EXPECT_FALSE(has_tag(*a_, h, "b-only")) << tags_of(*a_, h);
}

TEST_F(TwoInstances, JobListAndStatsFilterByInstance) {
    const auto a = json(http("GET", url("/api/jobs?instance=a")).body);
    const auto b = json(http("GET", url("/api/jobs?instance=b")).body);
    const auto every = json(http("GET", url("/api/jobs")).body);
    ASSERT_TRUE(a.IsObject() && b.IsObject() && every.IsObject());
    EXPECT_EQ(a["total"].GetUint64(), 2u);
    EXPECT_EQ(b["total"].GetUint64(), 1u);
    EXPECT_EQ(every["total"].GetUint64(), 3u);
    for (const auto& job : a["jobs"].GetArray()) EXPECT_STREQ(job["instance"].GetString(), "a");
    const auto stats = json(http("GET", url("/api/stats")).body);
    ASSERT_TRUE(stats.HasMember("instances")) << "no per-instance counts in /api/stats";
    EXPECT_EQ(stats["instances"]["a"]["completed"].GetUint64(), 2u);
    EXPECT_EQ(stats["instances"]["b"]["completed"].GetUint64(), 1u);
}

TEST_F(TwoInstances, UnknownInstanceIs400NamingTheParameterAndTheNames) {
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"POST", "/api/execute?context=mark&instance=zzz"}, {"GET", "/api/jobs?instance=zzz"},
             {"POST", "/api/execute?context=mark"}}) {  // no instance is named "default"
        const Http r = http(method, url(path));
        EXPECT_EQ(r.code, 400) << path << ": " << r.body;
        EXPECT_NE(r.body.find("instance"), std::string::npos) << r.body;
        EXPECT_NE(r.body.find("a, b"), std::string::npos) << r.body;
    }
    EXPECT_EQ(json(http("GET", url("/api/jobs")).body)["total"].GetUint64(), 3u);  // nothing queued
}

TEST_F(TwoInstances, ValidateReportsARuleNamingAnUnknownInstance) {
    const fs::path rules = dir_->path() / "typo.yml";
    std::ofstream(rules) << "rules:\n  - name: typo\n    instance: [a, bb]\n"
                            "    conditions: [{field: info.size, operator: '>', value: 0}]\n"
                            "    actions: [{type: stop}]\n";
    const std::string out = (dir_->path() / "validate.out").string();
    const int status = std::system((exe_ + " --validate " + rules.string() + " > " + out + " 2>&1").c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << qt::file_tail(out);
    const std::string text = qt::file_tail(out);
    EXPECT_NE(text.find("typo.yml:3"), std::string::npos) << text;
    EXPECT_NE(text.find("instance 'bb' is not configured (configured: a, b)"), std::string::npos) << text;
}

}  // namespace
