// Runs rules with the real notify plugin through the real Engine over a FakeWebApi, so
// the tests see exactly what a job sends (one execute() per rule per job).
#pragma once

#include "engine/engine.hpp"
#include "rules/rules_loader.hpp"
#include "fake_web_api.hpp"
#include "http_receiver.hpp"
#include "plugin/builtin_plugins.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>

namespace qbt::testing {

class NotifyTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        plugins_ = plugin::load_builtin_plugins().release();
    }
    static void TearDownTestSuite() { delete plugins_; }

    void SetUp() override {
        api.add_torrent(R"({"hash":"aaaa000000000000000000000000000000000001","name":"alpha one","ratio":1.5,"tags":"a, b","category":"movies","size":1610612736})");
        api.add_torrent(R"({"hash":"aaaa000000000000000000000000000000000002","name":"alpha two","ratio":0.25,"tags":"","category":"","size":2048})");
        api.add_torrent(R"({"hash":"bbbb000000000000000000000000000000000003","name":"beta","ratio":3,"tags":"x","category":"tv","size":10})");
    }

    // Loads `yaml`; a test failure lists the errors.
    std::shared_ptr<const rules::RuleSet> load(const std::string& yaml) {
        rules::LoadResult loaded = rules::load_rules_text(yaml, "rules.yml", plugins_->registry());
        for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
        return loaded.rules;
    }
    // The first load error, "" when `yaml` loads.
    std::string load_error(const std::string& yaml) {
        rules::LoadResult loaded = rules::load_rules_text(yaml, "rules.yml", plugins_->registry());
        return loaded.errors.empty() ? "" : loaded.errors.front().to_string();
    }

    engine::JobOutcome run(const std::string& yaml, bool dry_run = false) {
        auto rules = load(yaml);
        if (!rules) return {false, "", "rules did not load"};
        engine::EngineOptions options;
        options.host_table = [](const plugin::LoadedPlugin* p) { return plugins_->host_table_for(p); };
        engine::Engine engine([rules] { return rules; }, api, plugins_->registry(), options);
        return engine.run({"job-1", std::nullopt, std::nullopt, dry_run});
    }

    static rapidjson::Document json(const std::string& text) {
        rapidjson::Document doc;
        doc.Parse(text.c_str());
        EXPECT_FALSE(doc.HasParseError()) << text;
        return doc;
    }

    FakeWebApi api;
    static plugin::PluginHost* plugins_;
};

}  // namespace qbt::testing
