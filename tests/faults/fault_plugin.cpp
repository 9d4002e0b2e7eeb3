// A user action plugin that fails on purpose (tests/faults): `fault_error` reports an
// error through qbt::sdk::Error, `fault_throw` lets a std::exception escape its C++
// code (the sdk's guard must catch it).
#include <qbt/cpp/plugin.hpp>

#include <cstring>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace {

struct FaultError {
    explicit FaultError(qbt::sdk::ValueView) {}
    void execute(const qbt::sdk::Call&, qbt::sdk::TorrentBatch, std::span<int32_t>) const {
        throw qbt::sdk::Error(QBT_E_UNAVAILABLE, "fault_error: the archive service refused the batch");
    }
};

struct FaultThrow {
    explicit FaultThrow(qbt::sdk::ValueView) {}
    void execute(const qbt::sdk::Call&, qbt::sdk::TorrentBatch, std::span<int32_t>) const {
        std::vector<int> empty;
        (void)empty.at(3);  // std::out_of_range from plain C++ code
    }
};

const qbt_action kErrorAction =
    qbt::sdk::make_action<FaultError>("fault_error", nullptr, 0, "always fails with a message");
const qbt_action kThrowAction =
    qbt::sdk::make_action<FaultThrow>("fault_throw", nullptr, 0, "always throws std::out_of_range");
const qbt_action* const kActions[] = {&kErrorAction, &kThrowAction};
const qbt_action_factory kFactory = {sizeof(qbt_action_factory), static_cast<uint32_t>(std::size(kActions)),
                                     kActions};

int init(const qbt_host*, qbt_error*) { return QBT_OK; }
const void* factory(const char* id) {
    return id && std::strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? &kFactory : nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.qbt-rules.tests.faults",
                    "Fault actions", "1.0.0", "test actions that fail", &init, nullptr, &factory, 0};
