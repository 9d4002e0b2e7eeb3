// A test action for the group tests and bench: `group_work` makes `calls` real qBittorrent
// calls (GET app/version) per batch, `pause_ms` apart, so a job's time is dominated by
// qBittorrent calls and lasts long enough to be killed mid-way. A refused call (the
// host's call gate after a lost lease) fails the batch.
#include <qbt/cpp/plugin.hpp>

#include <chrono>
#include <cstring>
#include <iterator>
#include <thread>

namespace {

struct GroupWork {
    explicit GroupWork(qbt::sdk::ValueView params) {
        if (params.get("calls").is_int()) calls = params.get("calls").as_int();
        if (params.get("pause_ms").is_int()) pause_ms = params.get("pause_ms").as_int();
        if (calls < 0 || calls > 1000 || pause_ms < 0 || pause_ms > 60000)
            throw qbt::sdk::Error(QBT_E_INVALID, "group_work: calls 0..1000, pause_ms 0..60000");
    }
    void execute(const qbt::sdk::Call& call, qbt::sdk::TorrentBatch, std::span<int32_t>) const {
        for (int64_t i = 0; i < calls; ++i) {
            if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
            const auto answer = call.request("GET", "app/version");
            if (answer.status != 200)
                throw qbt::sdk::Error(QBT_E_UNAVAILABLE, "group_work: app/version answered " + std::to_string(answer.status));
        }
    }
    int64_t calls = 1;
    int64_t pause_ms = 0;
};

const qbt_action kWork = qbt::sdk::make_action<GroupWork>("group_work", nullptr, 0, "qBittorrent calls with pauses");
const qbt_action* const kActions[] = {&kWork};
const qbt_action_factory kFactory = {sizeof(qbt_action_factory), static_cast<uint32_t>(std::size(kActions)), kActions};

int init(const qbt_host*, qbt_error*) { return QBT_OK; }
const void* factory(const char* id) {
    return id && std::strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? &kFactory : nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.qbt-rules.tests.group-work",
                    "Group work action", "1.0.0", "test action: qBittorrent calls with pauses", &init, nullptr,
                    &factory, 0};
