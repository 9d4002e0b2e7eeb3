// Issue 19: rules.yml `protect:` on a real qbittorrent-nox through `qbt-rules --serve`. A
// delete rule matches several torrents; the ones protect matches (a tag, and the
// motivating case: a private tracker's minimum seed time not reached yet) stay in
// qBittorrent with every byte of their files, the others go, and the job result and audit
// list what protection held back. Moves and dry runs are held back the same way.
#include "cleanup_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

// The lab's trackers are 127.0.0.1:9 (nothing listens): only their URLs matter here.
const char* kHitAndRunTracker = "http://127.0.0.1:9/hnr-site/announce";
const char* kPublicTracker = "http://127.0.0.1:9/public-site/announce";

constexpr const char* kRules = R"(protect:
  any:
    - {field: info.tags, operator: in, value: [keep]}
    # The hnr-site's minimum seed time (72 h) plus a margin: 80 h = 288000 s.
    - all:
        - {field: trackers.url, operator: contains, value: /hnr-site/}
        - {field: info.seeding_time, operator: '<', value: 288000}
rules:
  - name: delete marked
    context: [protect-delete, protect-dry]
    conditions: [{field: info.tags, operator: contains, value: doomed}]
    actions: [{type: delete_torrent, params: {delete_files: true, recycle: false}}]
  - name: move marked
    context: protect-move
    conditions: [{field: info.tags, operator: contains, value: mover}]
    actions: [{type: set_location, params: {location: '%MOVED%'}}]
  - name: limit marked
    context: protect-limits
    conditions: [{field: info.tags, operator: contains, value: limiter}]
    actions: [{type: set_share_limits, params: {ratio: 2, action: remove}}]
)";

class Protect : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<qt::TempDir>("qbt-protect-e2e-");
        lab_ = qt::QbtLab::start();
        std::string rules = kRules;
        rules.replace(rules.find("%MOVED%"), 7, (lab_->data_dir() / "moved").string());
        std::ofstream(dir_->path() / "rules.yml") << rules;
        server_ = std::make_unique<Server>(dir_->path(), lab_env(*lab_, {
            {"QBT_RULES_PLUGINS_PROBE", "false"}}));
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }
    static void TearDownTestSuite() {
        server_.reset();
        lab_.reset();
        dir_.reset();
    }

    struct Added {
        std::string hash;
        std::vector<fs::path> files;
        std::vector<std::string> bytes;
    };
    // A torrent over fresh files in its own folder.
    static Added add(const std::string& name, const std::string& tracker, std::vector<std::string> tags) {
        const qt::TorrentLayout layout{name, {{"a.bin", 30000}, {"b.bin", 20000}}};
        const fs::path dir = lab_->make_data_dir("p");
        Added out;
        out.files = lab_->write_data(dir, layout);
        for (const auto& f : out.files) out.bytes.push_back(file_bytes(f));
        qt::TorrentMeta meta;
        meta.tracker = tracker;
        out.hash = lab_->add_existing({{dir, layout, meta, "", std::move(tags), false}})[0];
        return out;
    }
    static void expect_intact(const Added& t) {
        EXPECT_TRUE(listed(*lab_, t.hash)) << t.hash << " is protected: it stays in qBittorrent";
        for (size_t i = 0; i < t.files.size(); ++i)
            EXPECT_EQ(file_bytes(t.files[i]), t.bytes[i]) << t.files[i] << " must stay as it was";
    }
    static std::vector<std::string> protected_hashes(const rapidjson::Value& report) {
        std::vector<std::string> out;
        for (const auto& t : report["torrents"].GetArray()) out.push_back(t["hash"].GetString());
        std::sort(out.begin(), out.end());
        return out;
    }

    static inline std::unique_ptr<qt::TempDir> dir_;
    static inline std::unique_ptr<qt::QbtLab> lab_;
    static inline std::unique_ptr<Server> server_;
};

TEST_F(Protect, ADeleteRuleRemovesOnlyTheTorrentsProtectDoesNotMatch) {
    const Added kept = add("Kept", kPublicTracker, {"doomed", "keep"});
    const Added young = add("Young", kHitAndRunTracker, {"doomed"});
    const Added gone = add("Gone", kPublicTracker, {"doomed"});

    const auto job = run_job(*server_, "context=protect-delete");
    EXPECT_FALSE(listed(*lab_, gone.hash));
    for (const auto& f : gone.files) EXPECT_FALSE(fs::exists(f)) << f << " was the deleted torrent's own";
    expect_intact(kept);
    expect_intact(young);

    const auto& result = job["result"];
    ASSERT_TRUE(result.HasMember("protected")) << server_->log_tail();
    EXPECT_EQ(result["protected"]["count"].GetInt(), 2);
    std::vector<std::string> expected{kept.hash, young.hash};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(protected_hashes(result["protected"]), expected);
    EXPECT_STREQ(result["protected"]["torrents"][0]["rule"].GetString(), "delete marked");
    EXPECT_EQ(result["errors"].GetInt(), 0) << "protection is not an error";
    EXPECT_EQ(result["actions_executed"].GetInt(), 1);

    const auto audit = parse(server_->get("/api/jobs/" + std::string(job["job_id"].GetString()) + "/actions").body);
    ASSERT_TRUE(audit.HasMember("protected"));
    EXPECT_EQ(protected_hashes(audit["protected"]), expected);
    int held = 0;
    for (const auto& a : audit["actions"].GetArray())
        if (std::string(a["outcome"].GetString()).rfind("not executed: protected", 0) == 0) ++held;
    EXPECT_EQ(held, 2);
    for (const Added* t : {&kept, &young}) lab_->post("torrents/removeTags", "hashes=" + t->hash + "&tags=doomed");
}

TEST_F(Protect, ADryRunPlansOnlyTheUnprotectedAndListsTheRest) {
    const Added kept = add("DryKept", kHitAndRunTracker, {"doomed"});
    const Added other = add("DryOther", kPublicTracker, {"doomed"});
    const auto job = run_job(*server_, "context=protect-dry&dry_run=true");
    expect_intact(kept);
    expect_intact(other);
    const auto& result = job["result"];
    ASSERT_EQ(result["planned"].Size(), 1u);
    EXPECT_STREQ(result["planned"][0]["hash"].GetString(), other.hash.c_str());
    ASSERT_TRUE(result.HasMember("protected"));
    EXPECT_EQ(protected_hashes(result["protected"]), std::vector<std::string>{kept.hash});
    lab_->post("torrents/removeTags", "hashes=" + other.hash + "&tags=doomed");
}

TEST_F(Protect, AProtectedTorrentIsNotMoved) {
    const Added kept = add("Unmoved", kPublicTracker, {"mover", "keep"});
    const fs::path before = text_field(torrent_info(*lab_, kept.hash), "save_path");
    const auto job = run_job(*server_, "context=protect-move");
    EXPECT_EQ(fs::path(text_field(torrent_info(*lab_, kept.hash), "save_path")), before);
    expect_intact(kept);
    ASSERT_TRUE(job["result"].HasMember("protected")) << server_->log_tail();
    EXPECT_EQ(protected_hashes(job["result"]["protected"]), std::vector<std::string>{kept.hash});
    EXPECT_EQ(job["result"]["errors"].GetInt(), 0);
}

// set_share_limits with a remove action makes qBittorrent remove the torrent later by
// itself: protect: holds it back like a removal.
TEST_F(Protect, ShareLimitsThatRemoveLaterAreHeldBackForAProtectedTorrent) {
    const Added kept = add("LimitKept", kPublicTracker, {"limiter", "keep"});
    const Added other = add("LimitOther", kPublicTracker, {"limiter"});
    const auto job = run_job(*server_, "context=protect-limits");
    const auto& result = job["result"];
    ASSERT_TRUE(result.HasMember("protected")) << server_->log_tail();
    EXPECT_EQ(protected_hashes(result["protected"]), std::vector<std::string>{kept.hash});
    EXPECT_STREQ(result["protected"]["torrents"][0]["action"].GetString(), "set_share_limits");
    EXPECT_EQ(result["errors"].GetInt(), 0);
    EXPECT_EQ(result["actions_executed"].GetInt(), 1);
    EXPECT_EQ(torrent_info(*lab_, kept.hash)["ratio_limit"].GetDouble(), -2) << "the protected torrent's limits changed";
    EXPECT_EQ(torrent_info(*lab_, other.hash)["ratio_limit"].GetDouble(), 2);
    expect_intact(kept);
}

TEST_F(Protect, TheRulesEndpointShowsTheProtectSection) {
    const auto rules = parse(server_->get("/api/rules").body);
    ASSERT_TRUE(rules.HasMember("protect") && rules["protect"].IsObject());
    const auto& any = rules["protect"]["items"][0];
    EXPECT_STREQ(any["kind"].GetString(), "any");
    EXPECT_STREQ(any["items"][0]["field"].GetString(), "info.tags");
    EXPECT_EQ(any["items"][0]["where"]["line"].GetInt(), 3);
}

}  // namespace
}  // namespace qbt::e2e
