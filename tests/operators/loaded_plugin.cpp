#include "loaded_plugin.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace qbt_test {

namespace {
[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "cannot load the core operators plugin: %s\n", why.c_str());
    std::abort();
}
}  // namespace

CorePlugin& CorePlugin::get() {
    static CorePlugin plugin;
    return plugin;
}

CorePlugin::CorePlugin() {
    const char* dir = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR");
    if (!dir) die("QBT_RULES_PLUGINS_BUILTIN_DIR is not set (run through meson test)");
    const std::string path = std::string(dir) + "/qbt_core_operators.so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed, like the host
    if (!handle) die(dlerror());
    entry_ = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
    if (!entry_) die(path + " exports no " QBT_ENTRY_SYMBOL);

    host_.struct_size = sizeof(qbt_host);
    host_.abi_major = QBT_ABI_MAJOR;
    host_.abi_minor = QBT_ABI_MINOR;
    host_.host_version = "test";
    host_.log = &CorePlugin::log_line;
    host_.host_data = this;
    qbt_error err{};
    if (entry_->init && entry_->init(&host_, &err) != QBT_OK) die(std::string("init: ") + err.message);
    factory_ = static_cast<const qbt_condition_operator_factory*>(
        entry_->get_factory(QBT_CONDITION_OPERATOR_FACTORY_ID));
    if (!factory_) die("no " QBT_CONDITION_OPERATOR_FACTORY_ID " factory");
}

void CorePlugin::log_line(const qbt_host* host, qbt_log_level, const char* message) {
    static_cast<CorePlugin*>(host->host_data)->log_.emplace_back(message);
}

const qbt_condition_operator* CorePlugin::find(const std::string& name) const {
    for (uint32_t i = 0; i < factory_->count; ++i)
        if (name == factory_->operators[i]->name) return factory_->operators[i];
    return nullptr;
}

Outcome CorePlugin::compile(const std::string& op_name, const Value& expected) const {
    const qbt_condition_operator* op = find(op_name);
    if (!op) return {QBT_E_NOT_FOUND, "no operator " + op_name};
    qbt_error err{};
    void* state = nullptr;
    const int rc = op->compile(expected.get(), &state, &err);
    if (rc < 0) return {rc, err.message};
    op->release(state);
    return {rc, ""};
}

Outcome CorePlugin::evaluate(const std::string& op_name, const Value& expected, const Value& actual,
                             int64_t now) const {
    const qbt_condition_operator* op = find(op_name);
    if (!op) return {QBT_E_NOT_FOUND, "no operator " + op_name};
    qbt_error err{};
    void* state = nullptr;
    int rc = op->compile(expected.get(), &state, &err);
    if (rc < 0) return {rc, err.message};
    const qbt_match_context ctx{sizeof(qbt_match_context), now};
    rc = op->match(state, actual.get(), &ctx, &err);
    op->release(state);
    return {rc, rc < 0 ? err.message : ""};
}

}  // namespace qbt_test
