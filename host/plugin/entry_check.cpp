#include "plugin/entry_check.hpp"

#include <cstddef>
#include <cstring>
#include <iterator>
#include <vector>

namespace qbt::plugin {

namespace {
std::string missing_list(const std::vector<const char*>& missing) {
    std::string out;
    for (const char* name : missing) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}
constexpr size_t kEntryV1Size = offsetof(qbt_plugin_entry, get_factory) + sizeof(void*);

// The group-support functions (ABI 1.1), in struct order: one contiguous run of function
// pointers from dequeue_leased to claim_once.
constexpr const char* kGroupMemberNames[] = {"dequeue_leased", "renew_lease", "complete_leased",
                                             "release_lease", "list_expired", "recover_expired",
                                             "heartbeat", "group_status", "claim_once"};
constexpr size_t kGroupMembers = std::size(kGroupMemberNames);
constexpr size_t kGroupBegin = offsetof(qbt_queue_backend, dequeue_leased);
static_assert(offsetof(qbt_queue_backend, claim_once) == kGroupBegin + (kGroupMembers - 1) * sizeof(void (*)()),
              "the group functions are one run of function pointers");

std::vector<const char*> group_members_missing(const qbt_queue_backend& b) {
    std::vector<const char*> missing;
    for (size_t i = 0; i < kGroupMembers; ++i) {
        void (*function)() = nullptr;
        std::memcpy(&function, reinterpret_cast<const char*>(&b) + kGroupBegin + i * sizeof function, sizeof function);
        if (!function) missing.push_back(kGroupMemberNames[i]);
    }
    return missing;
}
}  // namespace

std::string check_entry(const qbt_plugin_entry* entry) {
    if (entry->struct_size < kEntryV1Size)
        return "entry struct_size " + std::to_string(entry->struct_size) + " is smaller than ABI " +
               std::to_string(QBT_ABI_MAJOR) + ".0's " + std::to_string(kEntryV1Size);
    const std::string theirs = std::to_string(entry->abi_major) + "." + std::to_string(entry->abi_minor);
    const std::string ours = std::to_string(QBT_ABI_MAJOR) + "." + std::to_string(QBT_ABI_MINOR);
    if (entry->abi_major != QBT_ABI_MAJOR)
        return "plugin ABI " + theirs + " has a different major version than the host's ABI " + ours;
    if (entry->abi_minor > QBT_ABI_MINOR)
        return "plugin ABI " + theirs + " is newer than the host's ABI " + ours + " (upgrade qbt-rules)";
    std::vector<const char*> missing;
    if (!entry->id || !*entry->id) missing.push_back("id");
    if (!entry->init) missing.push_back("init");
    if (!entry->get_factory) missing.push_back("get_factory");
    if (!missing.empty()) return "entry lacks " + missing_list(missing);
    return {};
}

std::string check_descriptor(const qbt_condition_operator& op) {
    std::vector<const char*> missing;
    if (!op.name || !*op.name) missing.push_back("name");
    if (!op.compile) missing.push_back("compile");
    if (!op.match) missing.push_back("match");
    return missing.empty() ? std::string() : "operator lacks " + missing_list(missing);
}

std::string check_descriptor(const qbt_action& action) {
    std::vector<const char*> missing;
    if (!action.name || !*action.name) missing.push_back("name");
    if (!action.compile) missing.push_back("compile");
    if (!action.execute && !action.execute_batch) missing.push_back("execute (or execute_batch)");
    return missing.empty() ? std::string() : "action lacks " + missing_list(missing);
}

std::string check_descriptor(const qbt_queue_backend& b) {
    std::vector<const char*> missing;
    if (!b.name || !*b.name) missing.push_back("name");
    if (!b.open) missing.push_back("open");
    if (!b.close) missing.push_back("close");
    if (!b.enqueue) missing.push_back("enqueue");
    if (!b.dequeue) missing.push_back("dequeue");
    if (!b.update) missing.push_back("update");
    if (!b.list_jobs) missing.push_back("list_jobs");
    if (!b.get_job) missing.push_back("get_job");
    if (!b.cancel_job) missing.push_back("cancel_job");
    if (!b.cleanup) missing.push_back("cleanup");
    if (!b.stats) missing.push_back("stats");
    if (!b.list_orphans) missing.push_back("list_orphans");
    if (!b.requeue) missing.push_back("requeue");
    if (!b.ping) missing.push_back("ping");
    if (!missing.empty()) return "queue backend lacks " + missing_list(missing);
    const std::vector<const char*> group = group_members_missing(b);
    const bool declared = (b.capabilities & QBT_QUEUE_GROUP) != 0;
    if (declared && !group.empty())
        return "queue backend declares group support (QBT_QUEUE_GROUP) but lacks " + missing_list(group);
    if (!declared && group.size() < kGroupMembers)
        return "queue backend fills some group-support functions but does not declare QBT_QUEUE_GROUP "
               "(fill all of them and declare it, or none)";
    const bool defers = (b.capabilities & QBT_QUEUE_DEFER) != 0;  // 1.3
    if (defers != (b.defer != nullptr))
        return defers ? "queue backend declares deferred jobs (QBT_QUEUE_DEFER) but lacks defer"
                      : "queue backend fills defer but does not declare QBT_QUEUE_DEFER";
    if (b.setting_count > 0 && !b.settings) return "queue backend declares settings but gives no list";
    for (uint32_t i = 0; i < b.setting_count; ++i)
        if (!b.settings[i] || !b.settings[i]->name || !*b.settings[i]->name)
            return "queue backend setting " + std::to_string(i) + " has no name";
    return {};
}

void declare_legacy_capabilities(qbt_queue_backend& b) {
    b.capabilities = group_members_missing(b).empty() ? QBT_QUEUE_GROUP : 0u;
    if (b.capabilities == 0)
        std::memset(reinterpret_cast<char*>(&b) + kGroupBegin, 0, kGroupMembers * sizeof(void (*)()));
}

}  // namespace qbt::plugin
