// Fixture of actions_real: one real qbittorrent-nox (tests/harness QbtLab) for the
// suite, the host's own CurlWebApi + HostServices as the plugin's qbt_host.
#pragma once

#include "action_plugin.hpp"
#include "plugin/host_services.hpp"
#include "webapi/curl_web_api.hpp"
#include "test_harness.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace qbt::testing {

class ActionsReal : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        lab_ = QbtLab::start();
        api_ = std::make_unique<webapi::CurlWebApi>(lab_->client_config());
        services_ = std::make_unique<plugin::HostServices>("org.qbt-rules.core-actions", "{}");
        handle_.api = api_.get();
    }
    static void TearDownTestSuite() {
        api_.reset();
        lab_.reset();
    }

    static QbtLab& lab() { return *lab_; }
    static webapi::CurlWebApi& api() { return *api_; }

    static const qbt_action* action(std::string_view name) {
        return ActionPlugin::load(services_->table()).find(name);
    }
    static std::unique_ptr<CompiledAction> compile(std::string_view name, std::string_view params = "{}") {
        return std::make_unique<CompiledAction>(action(name), params);
    }

    // Adds `count` fresh torrents named "<prefix>-<n>.bin" (running, complete).
    static std::vector<std::string> add(const std::string& prefix, int count = 1, std::vector<std::string> tags = {}) {
        std::vector<TorrentSpec> specs(count);
        for (int i = 0; i < count; ++i) {
            specs[i].name = prefix + "-" + std::to_string(i) + ".bin";
            specs[i].tags = tags;
        }
        return lab_->add_torrents(specs);
    }

    // The torrents as torrents/info lists them now.
    // In GETs of 50 hashes: qBittorrent 4.5.2 answers 403 to a ~10 KB request line.
    static Torrents fetch(const std::vector<std::string>& hashes) {
        Torrents t;
        for (size_t begin = 0; begin < hashes.size(); begin += 50) {
            std::string joined;
            for (size_t i = begin; i < std::min(hashes.size(), begin + 50); ++i)
                joined += (joined.empty() ? "" : "%7C") + hashes[i];
            t.add_listed(lab_->get("torrents/info?hashes=" + joined));
        }
        return t;
    }

    // One torrent's info object (null document when it is gone).
    static rapidjson::Document info(const std::string& hash) {
        rapidjson::Document list;
        list.Parse(lab_->info_json(hash).c_str());
        rapidjson::Document out;
        if (list.IsArray() && !list.Empty()) out.CopyFrom(list[0], out.GetAllocator());
        return out;
    }
    static std::string field_text(const std::string& hash, const char* field) {
        auto doc = info(hash);
        if (!doc.IsObject() || !doc.HasMember(field)) return "<missing>";
        const auto& v = doc[field];
        if (v.IsString()) return v.GetString();
        if (v.IsBool()) return v.GetBool() ? "true" : "false";
        if (v.IsInt64()) return std::to_string(v.GetInt64());
        if (v.IsNumber()) return std::to_string(v.GetDouble());
        return "<other>";
    }

    static double field_number(const std::string& hash, const char* field) {
        auto doc = info(hash);
        return doc.IsObject() && doc.HasMember(field) && doc[field].IsNumber() ? doc[field].GetDouble() : -999;
    }

    // Polls (qBittorrent shows pause/resume/recheck 0.1-1.6 s later) until `done`.
    static bool wait_until(const std::function<bool()>& done, double seconds = 3.0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return true;
    }

    // Executes `a` on the current info of `hashes`; every result must be QBT_OK.
    static void run(const CompiledAction& a, const std::vector<std::string>& hashes) {
        Torrents t = fetch(hashes);
        ASSERT_EQ(t.size(), hashes.size());
        const auto r = a.execute(services_->table(), plugin::to_client(&handle_), t.span());
        ASSERT_EQ(r.rc, QBT_OK) << r.error;
        for (size_t i = 0; i < r.results.size(); ++i) ASSERT_EQ(r.results[i], QBT_OK) << "torrent " << i;
    }

    // Every torrent of `hashes` reports the action satisfied now.
    static void expect_satisfied(const CompiledAction& a, const std::vector<std::string>& hashes) {
        Torrents t = fetch(hashes);
        for (size_t i = 0; i < t.size(); ++i)
            EXPECT_EQ(a.is_satisfied(t[i]), 1) << a.action()->name << " on " << hashes[i];
    }

    // effect() computed on `before` equals what qBittorrent reports now, field by field.
    // Tags compare as sets: the plugin writes them in one order, and the host puts them in
    // the order the running qBittorrent uses (that order is tested in engine_real).
    static void expect_effect_is_real(const CompiledAction& a, Torrents& before, const std::string& hash) {
        for (size_t i = 0; i < before.size(); ++i) {
            if (std::string_view(before[i].hash.data, before[i].hash.size) != hash) continue;
            rapidjson::Document effect;
            effect.Parse(a.effect(before[i]).c_str());
            ASSERT_TRUE(effect.IsObject());
            auto now = info(hash);
            for (auto& m : effect.GetObject()) {
                const char* key = m.name.GetString();
                ASSERT_TRUE(now.HasMember(key)) << key;
                const auto& real = now[key];
                if (std::string_view(key) == "tags" && m.value.IsString() && real.IsString())
                    EXPECT_EQ(tag_set(m.value.GetString()), tag_set(real.GetString())) << a.action()->name;
                else if (m.value.IsNumber() && real.IsNumber())
                    EXPECT_DOUBLE_EQ(m.value.GetDouble(), real.GetDouble()) << a.action()->name << " " << key;
                else
                    EXPECT_TRUE(m.value == real) << a.action()->name << " " << key << ": effect "
                                                 << (m.value.IsString() ? m.value.GetString() : "?") << " vs real "
                                                 << (real.IsString() ? real.GetString() : "?");
            }
            return;
        }
        ADD_FAILURE() << "hash not in before";
    }

    static inline std::unique_ptr<QbtLab> lab_;
    static inline std::unique_ptr<webapi::CurlWebApi> api_;
    static inline std::unique_ptr<plugin::HostServices> services_;
    static inline plugin::ClientHandle handle_{nullptr};
};

}  // namespace qbt::testing
