// The host's side of the ABI's thread rule (sdk/include/qbt/entry.h, "Threads"): a call
// into an operator or action of a plugin that did not declare QBT_PLUGIN_THREAD_SAFE holds
// that plugin's call lock (LoadedPlugin::call_lock), so no two threads are in it at once.
// Thread-safe plugins (every built-in one) have no lock and pay nothing.
#pragma once

#include "plugin/registry.hpp"

#include <memory>
#include <mutex>

namespace qbt::plugin {

using CallLock = std::shared_ptr<std::mutex>;  // null: the plugin is thread-safe

inline CallLock call_lock_of(const LoadedPlugin* plugin) { return plugin ? plugin->call_lock : nullptr; }

// Holds the lock (when there is one) for the lifetime of this object: one plugin call.
class SerialCall {
public:
    explicit SerialCall(const CallLock& lock) : lock_(lock.get()) {
        if (lock_) lock_->lock();
    }
    ~SerialCall() {
        if (lock_) lock_->unlock();
    }
    SerialCall(const SerialCall&) = delete;
    SerialCall& operator=(const SerialCall&) = delete;

private:
    std::mutex* lock_;
};

}  // namespace qbt::plugin
