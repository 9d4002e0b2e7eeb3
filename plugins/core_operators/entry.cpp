// Plugin entry of the built-in condition operators.
#include "operators.hpp"

#include <qbt/qbt.h>

#include <cstring>

namespace qbt::core_operators {

qbt::sdk::Host& plugin_host() {
    static qbt::sdk::Host host;
    return host;
}

namespace {
const qbt_condition_operator* const kOperators[] = {
    &equals_operator,      &not_equals_operator,   &contains_operator,
    &not_contains_operator, &matches_operator,     &in_operator,
    &not_in_operator,      &greater_operator,      &less_operator,
    &greater_equal_operator, &less_equal_operator, &older_than_operator,
    &newer_than_operator,  &larger_than_operator,  &smaller_than_operator,
};

const qbt_condition_operator_factory kFactory = {
    sizeof(qbt_condition_operator_factory),
    static_cast<uint32_t>(sizeof kOperators / sizeof kOperators[0]),
    kOperators,
};

int init(const qbt_host* host, qbt_error*) {
    plugin_host() = qbt::sdk::Host(host);
    return QBT_OK;
}

void deinit() { plugin_host() = qbt::sdk::Host(); }

const void* get_factory(const char* factory_id) {
    if (factory_id && std::strcmp(factory_id, QBT_CONDITION_OPERATOR_FACTORY_ID) == 0) return &kFactory;
    return nullptr;
}
}  // namespace

}  // namespace qbt::core_operators

QBT_PLUGIN_ENTRY = {
    sizeof(qbt_plugin_entry),
    QBT_ABI_MAJOR,
    QBT_ABI_MINOR,
    "org.qbt-rules.core-operators",
    "Core condition operators",
    "0.1.0",
    "==, !=, contains, not_contains, matches, in, not_in, >, <, >=, <=, older_than, "
    "newer_than, larger_than, smaller_than",
    &qbt::core_operators::init,
    &qbt::core_operators::deinit,
    &qbt::core_operators::get_factory,
    QBT_PLUGIN_THREAD_SAFE,  // stateless calls; per-thread scratch where needed (entry.h, "Threads")
};
