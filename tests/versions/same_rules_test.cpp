// One rules file written with qBittorrent 4.x state names (rules_4x_names.yml), one real
// `qbt-rules --serve` with two instances: Debian 12's 4.5.2 and Debian 13's 5.1.0, the same
// torrents in each. The dry runs plan the same actions, the real runs change the same things
// in both qBittorrents, and what later rules saw (the webhook's tags) is exactly what each
// qBittorrent reads back afterwards, tag order included.
#include "e2e_support.hpp"
#include "http_receiver.hpp"
#include "lab_snapshot.hpp"
#include "qbt_lab.hpp"
#include "wait.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace qbt::e2e {
namespace {

namespace qt = qbt::testing;
using namespace std::chrono_literals;

constexpr const char* kInstances[] = {"q45", "q51"};
constexpr long kMiB = 1 << 20;

std::string rules_text(const std::string& hook_url) {
    std::ifstream in(source_root() / "tests" / "versions" / "rules_4x_names.yml");
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    for (size_t at; (at = yaml.find("@HOOK@")) != std::string::npos;) yaml.replace(at, 6, hook_url);
    return yaml;
}

std::vector<qt::TorrentSpec> specs() {
    std::vector<qt::TorrentSpec> out(5);
    out[0].name = "run-1.bin";
    out[1].name = "run-2.bin";
    out[1].tags = {"x"};
    out[2].name = "held-1.bin";
    out[2].paused = true;
    out[3].name = "keep-1.bin";
    out[3].paused = true;
    out[3].tags = {"keep"};
    out[4].name = "priv-1.bin";
    out[4].tracker = "http://127.0.0.1:9/private/announce?passkey=7";
    return out;
}

struct Expected {
    std::set<std::string> tags;
    std::string category;
    long up_limit;
    bool stopped;
};
const std::map<std::string, Expected> kExpected = {
    {"run-1.bin", {{"a10", "Zed", "b2"}, "parked", kMiB, true}},
    {"run-2.bin", {{"a10", "Zed", "b2", "x"}, "parked", kMiB, true}},
    {"held-1.bin", {{}, "parked", kMiB, true}},
    {"keep-1.bin", {{"keep"}, "", kMiB, true}},
    {"priv-1.bin", {{"private", "running"}, "", 0, false}},
};

using Plan = std::set<std::tuple<std::string, std::string, std::string>>;  // rule, torrent name, action

class SameRules : public ::testing::Test {
protected:
    void SetUp() override {
        labs_[0] = qt::QbtLab::start(qt::release_named("4.5"));
        labs_[1] = qt::QbtLab::start(qt::release_named("5.1"));
        for (auto& lab : labs_) lab->add_torrents(specs());
        std::ofstream(dir_.path() / "rules.yml") << rules_text(hook_.url("/hook"));
        std::map<std::string, std::string> env{{"QBT_RULES_QBITTORRENT_INSTANCES", "q45,q51"}};
        for (int i = 0; i < 2; ++i) {
            const std::string prefix = std::string("QBT_RULES_QBITTORRENT_") + (i == 0 ? "Q45" : "Q51") + "_";
            env[prefix + "HOST"] = labs_[i]->url();
            env[prefix + "USERNAME"] = labs_[i]->username();
            env[prefix + "PASSWORD"] = labs_[i]->password();
        }
        server_ = std::make_unique<Server>(dir_.path(), env);
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }

    rapidjson::Document run_job(int instance, bool dry_run) {
        const std::string id = server_->execute(std::string("instance=") + kInstances[instance] +
                                                (dry_run ? "&dry_run=true" : ""));
        rapidjson::Document job = server_->wait_job(id);
        rapidjson::Document result;
        if (!job.HasMember("status") || job["status"] != "completed" || !job["result"].IsObject()) {
            ADD_FAILURE() << kInstances[instance] << ": job did not complete\n" << server_->log_tail();
            result.SetObject();
        } else {
            result.CopyFrom(job["result"], result.GetAllocator());
        }
        return result;
    }

    std::map<std::string, TorrentState> by_name(int instance) {
        std::map<std::string, TorrentState> out;
        for (auto& [hash, state] : snapshot(*labs_[instance])) out[state.name] = state;
        return out;
    }

    std::unique_ptr<qt::QbtLab> labs_[2];
    qt::HttpReceiver hook_;
    qt::TempDir dir_{"qbt-versions-"};
    std::unique_ptr<Server> server_;
};

TEST_F(SameRules, OneRulesFileWithFourXStateNamesDoesTheSameOnBothVersions) {
    ASSERT_EQ(labs_[0]->version().major, 4) << labs_[0]->app_version();
    ASSERT_EQ(labs_[1]->version().major, 5) << labs_[1]->app_version();
    // The stopped torrents really carry each version's own name.
    const auto held = [&](int i) { return by_name(i)["held-1.bin"].state; };
    EXPECT_EQ(held(0), "pausedUP");
    EXPECT_EQ(held(1), "stoppedUP");

    Plan plans[2];
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(kInstances[i]);
        const auto before = snapshot(*labs_[i]);
        const auto dry = run_job(i, true);
        ASSERT_TRUE(dry.HasMember("planned"));
        for (const auto& p : dry["planned"].GetArray())
            plans[i].emplace(p["rule"].GetString(), p["name"].GetString(), p["action"].GetString());
        EXPECT_EQ(differences(before, snapshot(*labs_[i])), "") << "the dry run changed qBittorrent";
    }
    EXPECT_EQ(plans[0], plans[1]);
    const Plan want = {
        {"Stop running torrents", "run-1.bin", "add_tag"}, {"Stop running torrents", "run-1.bin", "stop"},
        {"Stop running torrents", "run-2.bin", "add_tag"}, {"Stop running torrents", "run-2.bin", "stop"},
        {"Park paused torrents", "run-1.bin", "set_category"}, {"Park paused torrents", "run-1.bin", "remove_tag"},
        {"Park paused torrents", "run-2.bin", "set_category"}, {"Park paused torrents", "run-2.bin", "remove_tag"},
        {"Park paused torrents", "held-1.bin", "set_category"},
        {"Slow paused or kept torrents", "run-1.bin", "set_upload_limit"},
        {"Slow paused or kept torrents", "run-2.bin", "set_upload_limit"},
        {"Slow paused or kept torrents", "held-1.bin", "set_upload_limit"},
        {"Slow paused or kept torrents", "keep-1.bin", "set_upload_limit"},
        {"Tag private-tracker torrents", "priv-1.bin", "add_tag"}, {"Tag running torrents", "priv-1.bin", "add_tag"},
        {"Report what the job sees", "run-1.bin", "notify"}, {"Report what the job sees", "run-2.bin", "notify"},
        {"Report what the job sees", "held-1.bin", "notify"}, {"Report what the job sees", "keep-1.bin", "notify"},
        {"Report what the job sees", "priv-1.bin", "notify"}};
    EXPECT_EQ(plans[0], want);

    std::vector<int> matched[2];
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(kInstances[i]);
        const auto real = run_job(i, false);
        EXPECT_EQ(real["errors"].GetInt(), 0);
        EXPECT_EQ(real["actions_executed"].GetInt(), static_cast<int>(want.size()));
        for (const auto& rule : real["rules"].GetArray()) matched[i].push_back(rule["matched"].GetInt());
    }
    EXPECT_EQ(matched[0], matched[1]);

    // What changed in each qBittorrent: the same, and what the rules say.
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(kInstances[i]);
        ASSERT_TRUE(qt::wait_until([&] {
            auto now = by_name(i);
            return now["run-1.bin"].paused() && now["run-2.bin"].paused();
        }, 10s)) << "the stops did not show";
        for (const auto& [name, state] : by_name(i)) {
            const Expected& want_state = kExpected.at(name);
            EXPECT_EQ(state.tags, want_state.tags) << name;
            EXPECT_EQ(state.category, want_state.category) << name;
            EXPECT_EQ(state.up_limit, want_state.up_limit) << name;
            EXPECT_EQ(state.paused(), want_state.stopped) << name << " " << state.state;
        }
    }

    // The last rule's webhook shows each torrent as the job's model had it after every other
    // rule: exactly what that qBittorrent lists now, in its own tag order.
    ASSERT_TRUE(qt::wait_until([&] { return hook_.count() >= 2; }, 10s));
    int compared = 0;
    for (const auto& request : hook_.requests()) {
        const auto payload = parse(request.body);
        for (const auto& t : payload["torrents"].GetArray()) {
            bool found = false;
            for (auto& lab : labs_) {
                const auto listed = parse(lab->info_json(t["hash"].GetString()));
                if (!listed.IsArray() || listed.Empty()) continue;
                found = true;
                EXPECT_STREQ(t["tags"].GetString(), listed[0]["tags"].GetString())
                    << t["name"].GetString() << " on " << lab->app_version();
                EXPECT_STREQ(t["category"].GetString(), listed[0]["category"].GetString()) << t["name"].GetString();
                ++compared;
            }
            EXPECT_TRUE(found) << t["hash"].GetString();
        }
    }
    EXPECT_EQ(compared, 10);

    // Each instance's versions, once known: /api/health and --show-config.
    const auto health = parse(server_->get("/api/health").body);
    for (int i = 0; i < 2; ++i) {
        const auto& known = health["qbittorrent"][kInstances[i]];
        EXPECT_EQ(std::string(known["version"].GetString()), labs_[i]->app_version());
        const auto webapi = labs_[i]->webapi_version();
        EXPECT_EQ(std::string(known["webapi_version"].GetString()),
                  std::to_string(webapi.major) + "." + std::to_string(webapi.minor) + "." + std::to_string(webapi.patch));
    }
    const auto shown = run_program({exe_path(), "--show-config"}, dir_.path() / "show-config.log", 30);
    ASSERT_EQ(shown.exit_code, 0) << shown.output;
    EXPECT_NE(shown.output.find("qbittorrent[q45] version = v4.5.2, Web API 2.8.19"), std::string::npos) << shown.output;
    EXPECT_NE(shown.output.find("qbittorrent[q51] version = v5.1.0, Web API 2.11.4"), std::string::npos) << shown.output;
}

}  // namespace
}  // namespace qbt::e2e
