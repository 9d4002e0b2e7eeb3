// Test support: load the built core-actions plugin and drive its actions through the C ABI.
#pragma once

#include <qbt/qbt.h>
#include <qbt/cpp/action.hpp>

#include "abi/owned_value.hpp"

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::testing {

// dlopen()s <QBT_RULES_PLUGINS_BUILTIN_DIR>/qbt_core_actions.so once per process and
// init()s it with `host` (the first host given wins: plugins are initialised once).
class ActionPlugin {
public:
    static const ActionPlugin& load(const qbt_host* host);
    const qbt_plugin_entry& entry() const { return *entry_; }
    // By name or alias; nullptr when unknown.
    const qbt_action* find(std::string_view name) const;
    std::vector<std::string> names() const;

private:
    explicit ActionPlugin(const qbt_host* host);
    const qbt_plugin_entry* entry_ = nullptr;
    const qbt_action_factory* factory_ = nullptr;
};

// Torrents as the host would hand them: hash + info object built from JSON text.
class Torrents {
public:
    // Adds {"hash": hash, ...info}; `info_json` is an object's members without braces
    // or a whole object, e.g. R"({"state":"pausedUP","progress":1})".
    Torrents& add(std::string hash, std::string_view info_json);
    // Adds every object of a torrents/info answer (a JSON array), hash from its "hash".
    Torrents& add_listed(std::string_view info_array_json);
    // The torrents as execute_batch (ABI 1.2) receives them: pointers into this object.
    sdk::TorrentBatch span();
    const qbt_torrent& operator[](size_t i) { return span()[i]; }
    size_t size() const { return hashes_.size(); }

private:
    std::deque<std::string> hashes_;
    std::deque<abi::OwnedValue> owned_;
    std::vector<const qbt_value*> infos_;
    std::vector<qbt_torrent> torrents_;
    std::vector<const qbt_torrent*> pointers_;
};

// One compiled action (RAII over its state).
class CompiledAction {
public:
    // Throws std::runtime_error("<code>: <message>") when compile fails.
    CompiledAction(const qbt_action* action, std::string_view params_json);
    ~CompiledAction();
    CompiledAction(const CompiledAction&) = delete;
    CompiledAction& operator=(const CompiledAction&) = delete;

    // The compile error message, or "" when params compile.
    static std::string compile_error(const qbt_action* action, std::string_view params_json,
                                     int* code = nullptr);

    // 1, 0, or the negative code; -100 when the action has no is_satisfied.
    int is_satisfied(const qbt_torrent& torrent) const;
    // JSON text of effect(); "<none>" when the action has no effect().
    std::string effect(const qbt_torrent& torrent) const;

    struct ExecuteResult {
        int rc = 0;
        std::string error;
        std::vector<int32_t> results;
    };
    ExecuteResult execute(const qbt_host* host, qbt_client* client, sdk::TorrentBatch torrents,
                          bool dry_run = false) const;

    const qbt_action* action() const { return action_; }

private:
    const qbt_action* action_;
    abi::OwnedValue params_;
    void* state_ = nullptr;
};

}  // namespace qbt::testing
