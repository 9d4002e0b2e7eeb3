// What the loaded plugins provide, looked up by name. Filled once at start-up by the
// loader (before any thread uses it), read-only afterwards: lookups need no lock.
//
// The registry keeps its OWN copy of every descriptor (entry_check.hpp, copy_descriptor):
// zero-filled at the host's size, so a member an older plugin does not know reads as
// NULL/0 everywhere in the host. That is the host's one struct-size mechanism; nothing
// else looks at a descriptor's struct_size.
#pragma once

#include <qbt/qbt.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
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
    // The entry's QBT_PLUGIN_THREAD_SAFE (ABI 1.2). Without it, Registry::add_plugin gives
    // the plugin a call lock and the host holds it around every operator and action call
    // (plugin/serial_call.hpp), so no two threads are in the plugin at once.
    bool thread_safe = false;
    std::shared_ptr<std::mutex> call_lock;
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
    // Adds a plugin record (with a call lock unless thread_safe); the returned pointer
    // stays valid for the registry's life.
    const LoadedPlugin* add_plugin(LoadedPlugin plugin);
    // Register a copy of the plugin's descriptor; false (and a problem recorded) when it
    // lacks what the host calls (entry_check.hpp) or the name is already taken.
    bool add_operator(const qbt_condition_operator* op, const LoadedPlugin* owner);
    bool add_action(const qbt_action* action, const LoadedPlugin* owner);
    bool add_queue_backend(const qbt_queue_backend* backend, const LoadedPlugin* owner);
    void add_problem(std::string problem) { problems_.push_back(std::move(problem)); }

private:
    // Keeps `copy` when it has what the host calls (else records why): its stable address.
    template <class Descriptor>
    const Descriptor* keep_copy(std::deque<Descriptor>& copies, Descriptor copy, const LoadedPlugin* owner);

    std::deque<LoadedPlugin> plugins_;  // deque: stable addresses
    std::deque<qbt_condition_operator> operator_copies_;
    std::deque<qbt_action> action_copies_;
    std::deque<qbt_queue_backend> backend_copies_;
    std::map<std::string, Provided<qbt_condition_operator>, std::less<>> operators_;
    std::map<std::string, Provided<qbt_action>, std::less<>> actions_;
    std::map<std::string, Provided<qbt_queue_backend>, std::less<>> queue_backends_;
    std::vector<std::string> problems_;
};

}  // namespace qbt::plugin
