// What the loaded plugins provide, looked up by name. Filled once at start-up by the
// loader (before any thread uses it), read-only afterwards: lookups need no lock.
#pragma once

#include <qbt/qbt.h>

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::plugin {

// One loaded shared object.
struct LoadedPlugin {
    std::string path;
    std::string id;
    std::string name;
    std::string version;
    std::string description;
    uint32_t abi_major = 0;
    uint32_t abi_minor = 0;
    bool builtin = false;
    std::vector<std::string> provides;  // "action:add_tag", "operator:==", "queue:sqlite"
};

template <class Descriptor>
struct Provided {
    const Descriptor* descriptor = nullptr;
    const LoadedPlugin* plugin = nullptr;
};

class Registry {
public:
    // Lookups return nullptr descriptor when nothing of that name was registered.
    Provided<qbt_condition_operator> find_operator(std::string_view name) const;
    Provided<qbt_action> find_action(std::string_view name) const;  // also by alias
    Provided<qbt_queue_backend> find_queue_backend(std::string_view name) const;

    std::vector<std::string> operator_names() const;
    std::vector<std::string> action_names() const;
    std::vector<std::string> queue_backend_names() const;
    const std::deque<LoadedPlugin>& plugins() const { return plugins_; }
    // Load problems (one line each) kept for /api/version and health.
    const std::vector<std::string>& problems() const { return problems_; }

    // --- used by the loader and by tests ---
    // Adds a plugin record; the returned pointer stays valid for the registry's life.
    const LoadedPlugin* add_plugin(LoadedPlugin plugin);
    // Register; false (and a problem recorded) when the name is already taken.
    bool add_operator(const qbt_condition_operator* op, const LoadedPlugin* owner);
    bool add_action(const qbt_action* action, const LoadedPlugin* owner);
    bool add_queue_backend(const qbt_queue_backend* backend, const LoadedPlugin* owner);
    void add_problem(std::string problem) { problems_.push_back(std::move(problem)); }

private:
    std::deque<LoadedPlugin> plugins_;  // deque: stable addresses
    std::map<std::string, Provided<qbt_condition_operator>, std::less<>> operators_;
    std::map<std::string, Provided<qbt_action>, std::less<>> actions_;
    std::map<std::string, Provided<qbt_queue_backend>, std::less<>> queue_backends_;
    std::vector<std::string> problems_;
};

}  // namespace qbt::plugin
