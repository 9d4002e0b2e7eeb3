#include "rules_test_registry.hpp"

#include <qbt/qbt.h>

#include <dlfcn.h>

namespace qbt::test {

namespace {

void log_line(const qbt_host*, qbt_log_level, const char*) {}
int no_config(const qbt_host*, qbt_write_fn write, void* ctx) { return write(ctx, "{}", 2); }
int no_request(const qbt_host*, qbt_client*, const qbt_api_request*, qbt_write_fn, void*, int32_t*,
               qbt_error* err) {
    return qbt_error_set(err, QBT_E_UNAVAILABLE, "no qBittorrent in loader tests");
}
int no_version(const qbt_host*, qbt_client*, qbt_api_version*, qbt_error* err) {
    return qbt_error_set(err, QBT_E_UNAVAILABLE, "no qBittorrent in loader tests");
}

const qbt_host test_host = {sizeof(qbt_host), QBT_ABI_MAJOR, QBT_ABI_MINOR, "test", log_line, no_config,
                            no_request, no_version, nullptr, nullptr, nullptr};

}  // namespace

std::unique_ptr<plugin::Registry> registry_from_files(const std::vector<std::string>& files,
                                                      std::vector<std::string>& problems) {
    auto registry = std::make_unique<plugin::Registry>();
    for (const auto& file : files) {
        void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            problems.push_back(file + ": " + dlerror());
            continue;
        }
        auto* entry = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
        qbt_error err{};
        if (entry == nullptr || entry->init(&test_host, &err) != QBT_OK) {
            problems.push_back(file + ": no entry or init failed: " + err.message);
            continue;
        }
        plugin::LoadedPlugin record;
        record.path = file;
        record.id = entry->id;
        record.builtin = true;
        const plugin::LoadedPlugin* owner = registry->add_plugin(std::move(record));
        if (auto* ops = static_cast<const qbt_condition_operator_factory*>(
                entry->get_factory(QBT_CONDITION_OPERATOR_FACTORY_ID)))
            for (uint32_t i = 0; i < ops->count; ++i) registry->add_operator(ops->operators[i], owner);
        if (auto* actions = static_cast<const qbt_action_factory*>(entry->get_factory(QBT_ACTION_FACTORY_ID)))
            for (uint32_t i = 0; i < actions->count; ++i) registry->add_action(actions->actions[i], owner);
    }
    for (const auto& problem : registry->problems()) problems.push_back(problem);
    return registry;
}

}  // namespace qbt::test
