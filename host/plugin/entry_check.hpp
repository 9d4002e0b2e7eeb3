// Validation of what a plugin exports, before the host trusts any of it.
#pragma once

#include <qbt/qbt.h>

#include <cstring>
#include <string>

namespace qbt::plugin {

// "" when the entry can be used, else why not (ABI version, sizes, missing members).
std::string check_entry(const qbt_plugin_entry* entry);

// "" when the descriptor has what the host calls, else what is missing. Each takes the
// host's zero-filled copy (see copy_descriptor) so members an older plugin lacks are NULL.
std::string check_descriptor(const qbt_condition_operator& op);
std::string check_descriptor(const qbt_action& action);
std::string check_descriptor(const qbt_queue_backend& backend);

// A backend of a plugin built before ABI 1.2 (no `capabilities` member) as 1.2 reads it:
// QBT_QUEUE_GROUP when it fills every group-support function; one that fills only some
// (1.1 said all or none) has no group support, and those functions are dropped.
void declare_legacy_capabilities(qbt_queue_backend& backend);

// The host's own copy of a plugin descriptor: zero-filled, then the plugin's bytes up to
// the size it declared, so a plugin built against an older minor version reads as having
// NULL in the members appended since.
template <class Descriptor>
Descriptor copy_descriptor(const Descriptor* source) {
    Descriptor copy{};
    size_t size = source->struct_size < sizeof(Descriptor) ? source->struct_size : sizeof(Descriptor);
    std::memcpy(static_cast<void*>(&copy), source, size);
    copy.struct_size = static_cast<uint32_t>(sizeof(Descriptor));
    return copy;
}

}  // namespace qbt::plugin
