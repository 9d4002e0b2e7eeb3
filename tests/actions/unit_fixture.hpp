// Shared fixture of the actions_unit tests: the plugin loaded once, a fresh FakeHost
// per test, and short helpers.
#pragma once

#include "action_plugin.hpp"
#include "fake_host.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace qbt::testing {

class ActionsUnit : public ::testing::Test {
protected:
    static const ActionPlugin& plugin() {
        static FakeHost init_host;  // the plugin keeps no host; execute() gets one per call
        return ActionPlugin::load(init_host.table());
    }
    static const qbt_action* action(std::string_view name) {
        const qbt_action* a = plugin().find(name);
        EXPECT_NE(a, nullptr) << "no action " << name;
        return a;
    }
    static std::unique_ptr<CompiledAction> compile(std::string_view name, std::string_view params = "{}") {
        return std::make_unique<CompiledAction>(action(name), params);
    }
    static std::string compile_error(std::string_view name, std::string_view params, int* code = nullptr) {
        return CompiledAction::compile_error(action(name), params, code);
    }
    // A 40-hex-digit hash from a number.
    static std::string hash(int n) {
        char buf[41];
        std::snprintf(buf, sizeof buf, "%040x", n);
        return buf;
    }
    CompiledAction::ExecuteResult run(const CompiledAction& a, Torrents& torrents) {
        return a.execute(host.table(), host.client(), torrents.span());
    }
    // Satisfied answer for one torrent described by `info`.
    static int satisfied(const CompiledAction& a, std::string_view info) {
        Torrents t;
        t.add(hash(1), info);
        return a.is_satisfied(t[0]);
    }
    static std::string effect(const CompiledAction& a, std::string_view info) {
        Torrents t;
        t.add(hash(1), info);
        return a.effect(t[0]);
    }

    FakeHost host;
};

}  // namespace qbt::testing
