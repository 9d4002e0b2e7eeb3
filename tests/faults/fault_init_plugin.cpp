// A user plugin whose init() fails (tests/faults): the host must report it and go on.
#include <qbt/cpp/plugin.hpp>

namespace {
int init(const qbt_host*, qbt_error* err) {
    return qbt::sdk::fail(err, QBT_E_INVALID, "fault-init: the licence file /nonexistent/licence is missing");
}
const void* factory(const char*) { return nullptr; }
}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.qbt-rules.tests.fault-init",
                    "Fault init", "1.0.0", "a plugin whose init fails", &init, nullptr, &factory, 0};
