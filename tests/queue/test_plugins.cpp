#include "test_plugins.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace qbt::queue_test {

namespace {

void log_to_stderr(const qbt_host*, qbt_log_level level, const char* message) {
    std::fprintf(stderr, "[plugin %d] %s\n", level, message);
}

int empty_config(const qbt_host*, qbt_write_fn write, void* ctx) { return write(ctx, "{}", 2); }

const qbt_host kHost = {sizeof(qbt_host), QBT_ABI_MAJOR, QBT_ABI_MINOR, "test",
                        log_to_stderr, empty_config, nullptr, nullptr, nullptr, nullptr, nullptr};

void load(plugin::Registry& registry, const std::string& path) {
    void* so = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!so) throw std::runtime_error("dlopen " + path + ": " + dlerror());
    auto* entry = static_cast<const qbt_plugin_entry*>(dlsym(so, QBT_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error(path + " has no " QBT_ENTRY_SYMBOL);
    qbt_error err{};
    if (entry->init(&kHost, &err) != QBT_OK)
        throw std::runtime_error(path + ": init failed: " + err.message);
    auto* factory = static_cast<const qbt_queue_backend_factory*>(
        entry->get_factory(QBT_QUEUE_BACKEND_FACTORY_ID));
    if (!factory) throw std::runtime_error(path + " provides no queue backend");
    // The ABI's one size mechanism: the registry copies the descriptors (entry_check.hpp).
    plugin::LoadedPlugin record;
    record.path = path;
    record.id = entry->id;
    record.name = entry->name;
    record.version = entry->version;
    record.abi_major = entry->abi_major;
    record.abi_minor = entry->abi_minor;
    record.builtin = true;
    const plugin::LoadedPlugin* owner = registry.add_plugin(record);
    for (uint32_t i = 0; i < factory->count; ++i) registry.add_queue_backend(factory->backends[i], owner);
}

plugin::Registry build() {
    const char* dir = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR");
    if (!dir) throw std::runtime_error("QBT_RULES_PLUGINS_BUILTIN_DIR is not set (run via meson test)");
    plugin::Registry registry;
    load(registry, std::string(dir) + "/qbt_queue_sqlite.so");
    // Absent when built without hiredis: the Redis tests then fail naming the backend.
    if (std::filesystem::exists(std::string(dir) + "/qbt_queue_redis.so"))
        load(registry, std::string(dir) + "/qbt_queue_redis.so");
    // The ABI witness (tests/abi/installed_sdk_test.sh runs the conformance suite on it too).
    if (const char* witness = std::getenv("QBT_TEST_WITNESS_SO")) load(registry, witness);
    return registry;
}

}  // namespace

const plugin::Registry& queue_registry() {
    static const plugin::Registry registry = build();
    return registry;
}

}  // namespace qbt::queue_test
