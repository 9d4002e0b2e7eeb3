// The ABI test's witness (tests/abi/witness/, built by installed_sdk_test.sh from the
// INSTALLED headers only) driven through the host: loading and the thread flag, the
// declared queue settings through the configuration, the queue's group support, and its
// operators and actions in real jobs against a qbittorrent-nox. The queue's single-server
// functions run the whole conformance suite (tests/queue) in the same script.
#include "config/config_loader.hpp"
#include "engine/engine.hpp"
#include "plugin/plugin_host.hpp"
#include "qbt_lab.hpp"
#include "queue/backend_settings.hpp"
#include "queue/group_queue.hpp"
#include "queue/job_queue.hpp"
#include "rules/rules_loader.hpp"
#include "temp_dir.hpp"
#include "torrent_data.hpp"
#include "webapi/curl_web_api.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace qbt::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The witness, loaded once as a user plugin (probed in a child first) beside the built-ins.
plugin::PluginHost& witness_host() {
    static plugin::PluginHost* host = [] {
        const char* so = std::getenv("QBT_TEST_WITNESS_SO");
        if (!so) throw std::runtime_error("QBT_TEST_WITNESS_SO is not set (run tests/abi/installed_sdk_test.sh)");
        plugin::LoaderOptions options;
        options.builtin_dir = plugin::resolve_builtin_dir("");
        options.user_dirs = {fs::path(so).parent_path().string()};
        options.plugin_config_json["org.qbt-rules.test.witness"] = "{\"greeting\": \"hello\"}";
        auto* h = new plugin::PluginHost(options);  // never unloaded
        h->load_all();
        return h;
    }();
    return *host;
}
const plugin::Registry& registry() { return witness_host().registry(); }

TEST(Witness, LoadsAsAUserPluginOfTheHostsAbiAndIsSerialised) {
    for (const auto& problem : registry().problems()) ADD_FAILURE() << problem;
    const auto backend = registry().find_queue_backend("witness");
    ASSERT_TRUE(backend.descriptor);
    EXPECT_FALSE(backend.plugin->builtin);
    EXPECT_EQ(backend.plugin->abi_major, uint32_t{QBT_ABI_MAJOR});
    EXPECT_EQ(backend.plugin->abi_minor, uint32_t{QBT_ABI_MINOR});
    EXPECT_FALSE(backend.plugin->thread_safe) << "flags 0: the host must serialise it";
    EXPECT_TRUE(backend.plugin->call_lock);
    EXPECT_EQ(backend.descriptor->capabilities & QBT_QUEUE_GROUP, QBT_QUEUE_GROUP);
    // 1.3: a backend without deferred jobs still loads; the host then never waits for metadata.
    EXPECT_EQ(backend.descriptor->capabilities & QBT_QUEUE_DEFER, 0u);
    EXPECT_EQ(backend.descriptor->defer, nullptr);
    for (const char* op : {"witness_is", "witness_is_not"}) EXPECT_TRUE(registry().find_operator(op).descriptor) << op;
    EXPECT_TRUE(registry().find_action("witness_tag").descriptor->execute_batch);
    const qbt_action* v10 = registry().find_action("witness_tag_v10").descriptor;
    ASSERT_TRUE(v10);
    EXPECT_TRUE(v10->execute);
    EXPECT_EQ(v10->execute_batch, nullptr) << "past its struct_size the registry's copy reads NULL";
}

config::Config load_witness_config(const TempDir& dir, config::LoadOptions options) {
    options.config_dir = dir.path().string();
    options.env["QBT_RULES_QUEUE_BACKEND"] = "witness";
    options.backend_settings = queue::declared_settings(registry().find_queue_backend("witness"));
    return config::load_config(options);
}

TEST(Witness, DeclaredSettingsAreConfigKeysAndReachOpenWithTheirKinds) {
    TempDir dir("qbt-witness-");
    std::ofstream(dir.path() / "config.yml") << "queue:\n  witness_flag: yes\n";
    config::LoadOptions options;
    options.env["QBT_RULES_QUEUE_WITNESS_TOKEN"] = "hunter2";
    options.cli["queue.witness_limit"] = "7";
    const config::Config cfg = load_witness_config(dir, options);

    const std::string shown = config::describe(cfg);
    EXPECT_NE(shown.find("queue.witness_token = ***  [env QBT_RULES_QUEUE_WITNESS_TOKEN]"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("hunter2"), std::string::npos) << "a secret setting was shown";
    EXPECT_NE(shown.find("queue.witness_limit = 7  [cli --queue-witness-limit]"), std::string::npos) << shown;
    EXPECT_NE(shown.find("queue.witness_flag = true  ["), std::string::npos) << shown;
    const std::string data = (dir.path() / "witness-data" / "queue").string();
    EXPECT_NE(shown.find("queue.witness_dir = " + data + "  [default]"), std::string::npos) << shown;

    queue::JobQueue queue(registry(), cfg.queue);
    EXPECT_EQ(queue.local_state_dir(), (dir.path() / "witness-data").string()) << "its QBT_SETTING_DATA_PATH";
    rapidjson::Document stats;
    stats.Parse(queue.stats_json().c_str());
    ASSERT_TRUE(stats.IsObject() && stats["settings"].IsObject()) << queue.stats_json();
    const auto& seen = stats["settings"];
    EXPECT_EQ(std::string(seen["witness_dir"].GetString()), data);
    EXPECT_EQ(seen["witness_token_length"].GetInt(), 7);
    EXPECT_EQ(seen["witness_limit"].GetInt(), 7);
    EXPECT_DOUBLE_EQ(seen["witness_ratio"].GetDouble(), 0.5);
    EXPECT_TRUE(seen["witness_flag"].GetBool());
    EXPECT_EQ(seen["members"].GetInt(), 5) << "open() receives exactly the declared settings";
}

TEST(Witness, AnUndeclaredOrBadQueueKeyIsAConfigurationError) {
    TempDir dir("qbt-witness-");
    std::ofstream(dir.path() / "config.yml") << "queue:\n  witness_limt: 3\n  sqlite_path: /tmp/x.db\n";
    config::LoadOptions options;
    options.env["QBT_RULES_QUEUE_WITNESS_RATIO"] = "plenty";
    try {
        load_witness_config(dir, options);
        FAIL() << "loaded";
    } catch (const config::ConfigError& e) {
        const std::string text = e.what();
        EXPECT_NE(text.find("queue.witness_limt: unknown key (did you mean 'queue.witness_limit'?)"), std::string::npos)
            << text;
        EXPECT_NE(text.find("queue.witness_ratio: 'plenty' is not a number (env QBT_RULES_QUEUE_WITNESS_RATIO)"),
                  std::string::npos) << text;
        EXPECT_EQ(text.find("sqlite_path"), std::string::npos) << "a host key stays a key whatever the backend";
    }
}

class WitnessGroup : public ::testing::Test {
protected:
    void SetUp() override {
        config.backend = "witness";
        config.backend_values["witness_dir"] = (dir.path() / "group").string();
        jobs = std::make_unique<queue::JobQueue>(registry(), config);
        a = queue::GroupQueue::open(registry(), config);
        b = queue::GroupQueue::open(registry(), config);
        ASSERT_TRUE(a && b) << "the witness declares QBT_QUEUE_GROUP";
    }
    queue::Job enqueue(const std::string& instance) {
        queue::Job job;
        job.job_id = queue::new_job_id();
        job.created_at = queue::now_iso();
        job.instance = instance;
        jobs->enqueue(job);
        return job;
    }
    TempDir dir{"qbt-witness-group-"};
    config::QueueConfig config;
    std::unique_ptr<queue::JobQueue> jobs;
    std::unique_ptr<queue::GroupQueue> a, b;
};

TEST_F(WitnessGroup, OneJobPerInstanceAcrossServersFencedByTokens) {
    const queue::Job first = enqueue("one"), second = enqueue("one"), other = enqueue("two");
    auto taken = a->dequeue(0ms, "server-a", {"one", "two"}, 5000ms);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job.job_id, first.job_id);
    EXPECT_EQ(taken->job.attempts, 1) << "dequeue_leased counts the attempt";
    auto next = b->dequeue(0ms, "server-b", {"one", "two"}, 5000ms);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->job.job_id, other.job_id) << "instance one is leased: its second job waits";
    EXPECT_GT(next->lease.token, taken->lease.token);
    EXPECT_FALSE(b->dequeue(0ms, "server-b", {"one"}, 5000ms));
    EXPECT_TRUE(a->renew(taken->lease, 5000ms));

    queue::Lease stale = taken->lease;
    stale.token += 1000;
    queue::Job done = taken->job;
    done.status = "completed";
    EXPECT_FALSE(a->complete(done, stale)) << "a wrong token is fenced out";
    EXPECT_TRUE(a->complete(done, taken->lease));
    EXPECT_EQ(jobs->get(first.job_id)->status, "completed");
    auto after = b->dequeue(0ms, "server-b", {"one"}, 5000ms);
    ASSERT_TRUE(after) << "completing released the lease";
    EXPECT_EQ(after->job.job_id, second.job_id);
    b->release(after->lease);
    b->release(next->lease);
}

TEST_F(WitnessGroup, ExpiredLeasesAreRecoveredOnceHeartbeatsAndClaimsShow) {
    const queue::Job job = enqueue("one");
    auto taken = a->dequeue(0ms, "server-a", {"one"}, 100ms);
    ASSERT_TRUE(taken);
    std::this_thread::sleep_for(250ms);  // the lease expires: server-a "died"
    EXPECT_FALSE(a->renew(taken->lease, 5000ms));
    EXPECT_EQ(b->recover_expired(3), 1);
    EXPECT_EQ(a->recover_expired(3), 0) << "recovered exactly once";
    EXPECT_EQ(jobs->get(job.job_id)->status, "pending");
    queue::Job late = taken->job;
    late.status = "completed";
    EXPECT_FALSE(a->complete(late, taken->lease)) << "the dead server's result is fenced out";

    a->heartbeat("server-a", "{\"version\":\"x\"}", 5000ms);
    auto again = b->dequeue(0ms, "server-b", {"one"}, 5000ms);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->job.attempts, 2);
    rapidjson::Document status;
    status.Parse(a->status_json().c_str());
    ASSERT_TRUE(status.IsObject()) << a->status_json();
    EXPECT_EQ(std::string(status["servers"][0]["id"].GetString()), "server-a");
    EXPECT_EQ(std::string(status["leases"]["one"]["server"].GetString()), "server-b");
    EXPECT_EQ(std::string(status["leases"]["one"]["job_id"].GetString()), job.job_id);
    EXPECT_TRUE(a->claim_once("slot-1", 5000ms));
    EXPECT_FALSE(b->claim_once("slot-1", 5000ms));
    b->release(again->lease);
}

// Operators and actions in real jobs: witness_tag (execute_batch) on torrents whose name
// witness_is "alpha", witness_tag_v10 (the 1.0 execute) on every other one, a later rule
// seeing the first rule's effect, and is_satisfied skipping the second time.
TEST(WitnessJobs, OperatorsAndBothExecuteLayoutsWorkAgainstQbittorrent) {
    auto lab = QbtLab::start();
    std::vector<TorrentSpec> specs(3);
    specs[0].name = "alpha";
    specs[1].name = "beta";
    specs[2].name = "gamma";
    const auto hashes = lab->add_torrents(specs);
    webapi::CurlWebApi api(lab->client_config());
    const char* rules_text = R"(
rules:
  - name: Tag alpha
    conditions: [{field: info.name, operator: witness_is, value: alpha}]
    actions: [{type: witness_tag, params: {tag: wa}}]
  - name: Tag the others
    conditions: [{field: info.name, operator: witness_is_not, value: alpha}]
    actions: [{type: witness_tag_v10, params: {tag: wb}}]
  - name: Sees the effect
    conditions: [{field: info.tags, operator: witness_is, value: wa}]
    actions: [{type: witness_tag, params: {tag: seen}}]
)";
    auto loaded = rules::load_rules_text(rules_text, "rules.yml", registry());
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
    engine::EngineOptions options;
    options.host_table = [](const plugin::LoadedPlugin* p) { return witness_host().host_table_for(p); };
    engine::Engine engine([&] { return loaded.rules; }, api, registry(), options);

    const engine::JobOutcome first = engine.run({"job-1", std::nullopt, std::nullopt, false, "default"});
    ASSERT_TRUE(first.ok) << first.error;
    rapidjson::Document info;
    info.Parse(lab->get("torrents/info").c_str());
    std::map<std::string, std::string> tags;
    for (const auto& t : info.GetArray()) tags[t["name"].GetString()] = t["tags"].GetString();
    EXPECT_EQ(tags["alpha"], "seen, wa");
    EXPECT_EQ(tags["beta"], "wb");
    EXPECT_EQ(tags["gamma"], "wb");
    // 1.3 audit_note from plain C: witness_tag's entries carry its note, the 1.0 action's none.
    rapidjson::Document audit;
    audit.Parse(first.audit_json.c_str());
    ASSERT_TRUE(audit.IsObject() && audit["actions"].IsArray()) << first.audit_json;
    for (const auto& entry : audit["actions"].GetArray()) {
        const std::string action = entry["action"].GetString();
        if (action == "witness_tag")
            EXPECT_TRUE(entry.HasMember("note") && std::string(entry["note"].GetString()).find("added by torrents/addTags") !=
                                                       std::string::npos) << first.audit_json;
        else
            EXPECT_FALSE(entry.HasMember("note")) << first.audit_json;
    }

    const engine::JobOutcome second = engine.run({"job-2", std::nullopt, std::nullopt, false, "default"});
    ASSERT_TRUE(second.ok) << second.error;
    rapidjson::Document result;
    result.Parse(second.result_json.c_str());
    EXPECT_EQ(result["actions_executed"].GetInt(), 0) << second.result_json;
    EXPECT_EQ(result["actions_skipped"].GetInt(), 4) << "is_satisfied: every tag is there already";
}

// The 1.2 file services from plain C (witness_remove, witness_move; both
// QBT_ACTION_PLANS_IN_DRY_RUN): a dry run executes them with call->dry_run = 1 and the host
// only plans (its details in the result), nothing changes; then one torrent goes with its
// files and the other's data moves.
TEST(WitnessJobs, FileServicesPlanInADryRunThenRemoveAndMove) {
    auto lab = QbtLab::start();
    const TorrentLayout gone{"gone", {{"a.bin", 40000}, {"b.bin", 30000}}};
    const TorrentLayout moving{"moving", {{"c.bin", 50000}, {"d.bin", 20000}}};
    const fs::path dir = lab->make_data_dir("witness");
    const auto gone_files = lab->write_data(dir, gone);
    lab->write_data(dir, moving);
    const auto hashes = lab->add_existing({{dir, gone, {}, "", {}, false}, {dir, moving, {}, "", {}, false}});
    const fs::path target = lab->make_data_dir("witness-moved");
    webapi::CurlWebApi api(lab->client_config());
    const std::string rules_text = "rules:\n"
        "  - name: Remove\n"
        "    conditions: [{field: info.name, operator: witness_is, value: gone}]\n"
        "    actions: [{type: witness_remove}]\n"
        "  - name: Move\n"
        "    conditions: [{field: info.name, operator: witness_is, value: moving}]\n"
        "    actions: [{type: witness_move, params: {location: \"" + target.string() + "\"}}]\n";
    auto loaded = rules::load_rules_text(rules_text, "rules.yml", registry());
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
    engine::EngineOptions options;
    options.host_table = [](const plugin::LoadedPlugin* p) { return witness_host().host_table_for(p); };
    engine::Engine engine([&] { return loaded.rules; }, api, registry(), options);
    auto listed = [&](const std::string& hash) { return lab->info_json(hash).find(hash) != std::string::npos; };

    const engine::JobOutcome dry = engine.run({"job-dry", std::nullopt, std::nullopt, true, "default"});
    ASSERT_TRUE(dry.ok) << dry.error;
    rapidjson::Document planned;
    planned.Parse(dry.result_json.c_str());
    ASSERT_EQ(planned["planned"].Size(), 2u) << dry.result_json;
    for (const auto& p : planned["planned"].GetArray())
        EXPECT_TRUE(p.HasMember("details")) << "planned by the host services, not by the engine: " << dry.result_json;
    EXPECT_TRUE(listed(hashes[0]) && listed(hashes[1]));
    for (const auto& f : gone_files) EXPECT_TRUE(fs::exists(f)) << f;

    const engine::JobOutcome real = engine.run({"job-real", std::nullopt, std::nullopt, false, "default"});
    ASSERT_TRUE(real.ok) << real.error;
    EXPECT_FALSE(listed(hashes[0])) << real.result_json;
    for (const auto& f : gone_files) EXPECT_FALSE(fs::exists(f)) << f;
    const auto moved = layout_paths(target, moving);
    bool arrived = false;
    for (int i = 0; i < 300 && !arrived; ++i, std::this_thread::sleep_for(100ms))
        arrived = std::all_of(moved.begin(), moved.end(), [](const fs::path& f) { return fs::exists(f); }) &&
                  lab->info_json(hashes[1]).find(target.string()) != std::string::npos;
    EXPECT_TRUE(arrived) << lab->info_json(hashes[1]) << "\n" << real.result_json;
}

}  // namespace
}  // namespace qbt::testing
