// The engine against a fake Web API (FakeWebApi) and in-process test operators/actions:
// a fixture that adds torrents, sets rules, runs one job and reads its statistics.
#pragma once

#include "engine/engine.hpp"
#include "engine_test_support.hpp"
#include "fake_web_api.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::testing {

using engine::Engine;
using engine::EngineOptions;
using engine::JobOutcome;
using engine::JobRequest;
using rules::Rule;
using rules::RuleSet;

class EngineUnit : public ::testing::Test {
protected:
    void SetUp() override { register_test_plugins(registry); }

    // A torrent with sensible defaults; members of `extra` (JSON members) override them.
    void torrent(int n, const std::string& extra = "") {
        rapidjson::Document t;
        t.Parse((R"({"hash":")" + fake_hash(n) + R"(","name":"t)" + std::to_string(n) +
                 R"(","state":"uploading","category":"","tags":"","ratio":1.0})").c_str());
        rapidjson::Document more;
        more.Parse(("{" + extra + "}").c_str());
        for (auto& m : more.GetObject()) {
            rapidjson::Value key(m.name, t.GetAllocator());
            t.RemoveMember(key);
            t.AddMember(key, rapidjson::Value(m.value, t.GetAllocator()), t.GetAllocator());
        }
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        t.Accept(writer);
        api.add_torrent(buffer.GetString());
    }

    void rules(std::vector<Rule> list) {
        auto set = std::make_shared<RuleSet>();
        set->source = "test";
        set->rules = std::move(list);
        rule_set = set;
    }

    rapidjson::Document run(JobRequest request = {}, bool expect_ok = true) {
        Engine engine([this] { return rule_set; }, api, registry, options);
        if (request.job_id.empty()) request.job_id = "job-1";
        outcome = engine.run(request);
        EXPECT_EQ(outcome.ok, expect_ok) << outcome.error;
        rapidjson::Document doc;
        if (outcome.ok) doc.Parse(outcome.result_json.c_str());
        return doc;
    }

    static int stat(const rapidjson::Document& d, const char* key) { return d[key].GetInt(); }
    static int rule_stat(const rapidjson::Document& d, size_t rule, const char* key) {
        return d["rules"][static_cast<rapidjson::SizeType>(rule)][key].GetInt();
    }

    plugin::Registry registry;
    FakeWebApi api;
    EngineOptions options{false, 50, [](const plugin::LoadedPlugin*) { return test_host_table(); }};
    std::shared_ptr<const RuleSet> rule_set;
    JobOutcome outcome;
};

}  // namespace qbt::testing
