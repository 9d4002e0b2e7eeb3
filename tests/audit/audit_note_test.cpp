// ABI 1.3 audit_note: the host's side (AuditNotes: bound, UTF-8, secrets, batch, thread),
// the secret values it masks (config::secret_values), and the whole path through the Engine
// with two plain-C plugins: a 1.3 one noting every torrent (its notes in the audit, and in
// the dry-run plan), and one built for 1.2 that knows nothing of notes and still works.
#include "config/secret_values.hpp"
#include "engine/engine.hpp"
#include "fake_web_api.hpp"
#include "plugin/audit_notes.hpp"
#include "plugin/plugin_host.hpp"
#include "rules/rules_loader.hpp"

#include <qbt/host.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <memory>
#include <thread>

namespace qbt::testing {
namespace {

const std::string kA = "aaaa00000000000000000000000000000000000a";
const std::string kB = "bbbb00000000000000000000000000000000000b";

TEST(AuditNotes, NotesJoinPerTorrentAndANullHashReachesEveryTorrent) {
    const std::vector<std::string> secrets;
    plugin::AuditNotes notes({kA, kB}, secrets);
    std::string why;
    EXPECT_EQ(notes.add(&kA, "removed record 301", why), QBT_OK);
    EXPECT_EQ(notes.add(nullptr, "search sent", why), QBT_OK);
    EXPECT_EQ(notes.note(kA), "removed record 301; search sent");
    EXPECT_EQ(notes.note(kB), "search sent");
    EXPECT_EQ(notes.note("cccc"), "");
}

TEST(AuditNotes, RefusesAStrangerHashInvalidUtf8AndAnotherThread) {
    const std::vector<std::string> secrets;
    plugin::AuditNotes notes({kA}, secrets);
    std::string why;
    const std::string stranger = kB;
    EXPECT_EQ(notes.add(&stranger, "x", why), QBT_E_NOT_FOUND);
    EXPECT_NE(why.find("not in this call's batch"), std::string::npos) << why;
    for (const char* bad : {"\xC3\x28", "\xED\xA0\x80" /* a surrogate */, "\xC0\xAF" /* overlong '/' */, "\xF0\x9F\x98"})
        EXPECT_EQ(notes.add(&kA, bad, why), QBT_E_INVALID) << why;
    EXPECT_EQ(notes.add(&kA, std::string_view("a\0b", 3), why), QBT_E_INVALID);
    EXPECT_EQ(notes.add(&kA, "r\xC3\xA9sum\xC3\xA9 \xF0\x9F\x98\x80", why), QBT_OK);  // "résumé 😀"
    int elsewhere = 0;
    std::thread([&] { elsewhere = notes.add(&kA, "late", why); }).join();
    EXPECT_EQ(elsewhere, QBT_E_STATE);
    EXPECT_EQ(notes.note(kA), "r\xC3\xA9sum\xC3\xA9 \xF0\x9F\x98\x80") << "nothing refused was recorded";
}

TEST(AuditNotes, BoundedAtTheLimitCutOnACharacterWithTheMarker) {
    const std::vector<std::string> secrets;
    plugin::AuditNotes notes({kA}, secrets);
    std::string why;
    std::string long_text;
    while (long_text.size() < 2 * QBT_AUDIT_NOTE_MAX) long_text += "\xC3\xA9";  // 2-byte characters
    long_text = "x" + long_text;  // so a cut at an even byte count would split one
    EXPECT_EQ(notes.add(&kA, long_text, why), 1);
    const std::string note = notes.note(kA);
    EXPECT_LE(note.size(), size_t{QBT_AUDIT_NOTE_MAX});
    EXPECT_GE(note.size(), size_t{QBT_AUDIT_NOTE_MAX} - 1);
    const std::string marker = QBT_AUDIT_NOTE_TRUNCATED;
    ASSERT_EQ(note.substr(note.size() - marker.size()), marker);
    EXPECT_TRUE(plugin::valid_utf8(note));
    EXPECT_EQ(notes.add(&kA, "more", why), 1) << "a full note takes no more";
    EXPECT_EQ(notes.note(kA), note);
}

TEST(AuditNotes, SecretValuesAreMasked) {
    const std::vector<std::string> secrets = {"sonarr-key-0f3e9c1d7b", "hunter22"};
    plugin::AuditNotes notes({kA}, secrets);
    std::string why;
    EXPECT_EQ(notes.add(&kA, "key sonarr-key-0f3e9c1d7b and hunter22, twice: hunter22", why), QBT_OK);
    EXPECT_EQ(notes.note(kA), "key *** and ***, twice: ***");
}

TEST(SecretValues, EveryKnownSecretKeyAndNothingElse) {
    config::Config c;
    c.server.api_key = "server-api-key-123456";
    c.server.trigger_key = "trigger-key-7890";
    c.client.api_key = "client-api-key-5555";
    c.queue.redis_url = "redis://user:redis-pass@127.0.0.1:6379/0";
    c.notifications.webhook_url = "https://hooks.example/T0/hook-token";
    c.integrations.sonarr.api_key = "sonarr-secret-1";
    c.integrations.radarr.api_key = "abc";  // too short to mask without blanking words
    c.instances.push_back({"default", {}, "default"});
    c.instances[0].connection.password = "qbt-password-9";
    c.instances[0].connection.basic_auth_password = "basic-pass-8";
    c.instances[0].connection.username = "admin";
    const auto values = config::secret_values(c);
    for (const char* expected : {"server-api-key-123456", "trigger-key-7890", "client-api-key-5555",
                                 "redis://user:redis-pass@127.0.0.1:6379/0", "redis-pass",
                                 "https://hooks.example/T0/hook-token", "sonarr-secret-1", "qbt-password-9",
                                 "basic-pass-8"})
        EXPECT_NE(std::find(values.begin(), values.end(), expected), values.end()) << expected;
    EXPECT_EQ(std::find(values.begin(), values.end(), "abc"), values.end());
    EXPECT_EQ(std::find(values.begin(), values.end(), "admin"), values.end()) << "a username is no secret";
    for (size_t i = 1; i < values.size(); ++i) EXPECT_GE(values[i - 1].size(), values[i].size()) << "longest first";
}

// The two C plugins (tests/audit/plugins) beside the built-in ones, in a real Engine job.
class AuditNoteJobs : public ::testing::Test {
protected:
    void SetUp() override {
        api.add_torrent(R"({"hash":")" + kA + R"(","name":"alpha","tags":"","category":""})");
        api.add_torrent(R"({"hash":")" + kB + R"(","name":"beta","tags":"","category":""})");
        plugin::LoaderOptions options;
        options.builtin_dir = plugin::resolve_builtin_dir("");
        options.user_dirs = {TEST_PLUGIN_BUILD_DIR};
        options.probe_user_plugins = false;
        plugins = std::make_unique<plugin::PluginHost>(options);
        plugins->load_all();
    }

    engine::JobOutcome run(const std::string& action, bool dry_run, std::vector<std::string> secrets = {}) {
        const std::string yaml = "rules:\n  - name: every\n    conditions: [{field: info.name, operator: contains, value: a}]\n"
                                 "    actions: [{type: " + action + "}]\n";
        auto loaded = rules::load_rules_text(yaml, "rules.yml", plugins->registry());
        for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
        auto rules = loaded.rules;
        engine::EngineOptions options;
        options.host_table = [this](const plugin::LoadedPlugin* p) { return plugins->host_table_for(p); };
        options.audit_secrets = std::move(secrets);
        engine::Engine engine([rules] { return rules; }, api, plugins->registry(), options);
        return engine.run({"job-note", std::nullopt, std::nullopt, dry_run});
    }

    FakeWebApi api;
    std::unique_ptr<plugin::PluginHost> plugins;
};

TEST_F(AuditNoteJobs, A13PluginsNotesAreInTheAuditPerTorrent) {
    const auto outcome = run("test_note", false);
    ASSERT_TRUE(outcome.ok) << outcome.error;
    rapidjson::Document audit;
    audit.Parse(outcome.audit_json.c_str());
    ASSERT_TRUE(audit.IsObject() && audit["actions"].IsArray()) << outcome.audit_json;
    ASSERT_EQ(audit["actions"].Size(), 2u) << outcome.audit_json;
    std::map<std::string, std::string> notes;
    for (const auto& entry : audit["actions"].GetArray()) {
        EXPECT_STREQ(entry["outcome"].GetString(), "ok");
        notes[entry["hash"].GetString()] = entry["note"].GetString();
    }
    // The stranger hash was refused with QBT_E_NOT_FOUND, the invalid UTF-8 with QBT_E_INVALID.
    const std::string batch = "; batch of 2 (stranger " + std::to_string(QBT_E_NOT_FOUND) + ", bad UTF-8 " +
                              std::to_string(QBT_E_INVALID) + ")";
    EXPECT_EQ(notes[kA], "seen " + kA + batch);
    EXPECT_EQ(notes[kB], "seen " + kB + batch);
}

TEST_F(AuditNoteJobs, ADryRunsPlanCarriesTheNotes) {
    const auto outcome = run("test_note", true);
    ASSERT_TRUE(outcome.ok) << outcome.error;
    rapidjson::Document result;
    result.Parse(outcome.result_json.c_str());
    ASSERT_TRUE(result.HasMember("planned") && result["planned"].Size() == 2u) << outcome.result_json;
    EXPECT_EQ(std::string(result["planned"][0]["note"].GetString()).rfind("would see ", 0), 0u) << outcome.result_json;
}

TEST_F(AuditNoteJobs, SecretsNeverReachTheAuditThroughANote) {
    const auto outcome = run("test_note", false, {kA});  // as if a hash were a configured secret
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(outcome.audit_json.find(R"("note":"seen )" + kA), std::string::npos) << outcome.audit_json;
    EXPECT_NE(outcome.audit_json.find(R"("note":"seen ***)"), std::string::npos) << outcome.audit_json;
}

TEST_F(AuditNoteJobs, APluginBuiltFor12StillLoadsAndRunsWithoutNotes) {
    const plugin::LoadedPlugin* old = plugins->registry().find_action("test_abi12").plugin;
    ASSERT_NE(old, nullptr) << "the 1.2 plugin was not loaded";
    const auto outcome = run("test_abi12", false);
    ASSERT_TRUE(outcome.ok) << outcome.error;
    rapidjson::Document audit;
    audit.Parse(outcome.audit_json.c_str());
    ASSERT_EQ(audit["actions"].Size(), 2u) << outcome.audit_json;
    for (const auto& entry : audit["actions"].GetArray()) {
        EXPECT_STREQ(entry["outcome"].GetString(), "ok");
        EXPECT_FALSE(entry.HasMember("note")) << outcome.audit_json;
    }
}

}  // namespace
}  // namespace qbt::testing
