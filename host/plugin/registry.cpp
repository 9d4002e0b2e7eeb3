#include "plugin/registry.hpp"

#include "plugin/entry_check.hpp"

namespace qbt::plugin {

namespace {
template <class Map>
auto find_in(const Map& map, std::string_view name) -> typename Map::mapped_type {
    auto it = map.find(name);
    return it == map.end() ? typename Map::mapped_type{} : it->second;
}
template <class Map>
std::vector<std::string> keys_of(const Map& map) {
    std::vector<std::string> names;
    for (const auto& [name, _] : map) names.push_back(name);
    return names;
}
template <class Map, class Descriptor>
bool register_in(Map& map, std::vector<std::string>& problems, const char* kind,
                 const std::string& name, const Descriptor* descriptor, const LoadedPlugin* owner) {
    auto [it, inserted] = map.try_emplace(name, Provided<Descriptor>{descriptor, owner});
    if (!inserted) {
        problems.push_back(std::string("duplicate ") + kind + " '" + name + "': " + owner->path +
                           " (" + owner->id + ") tried to register it, but " + it->second.plugin->path +
                           " (" + it->second.plugin->id + ") already did; keeping the first");
    }
    return inserted;
}
}  // namespace

Provided<qbt_condition_operator> Registry::find_operator(std::string_view name) const {
    return find_in(operators_, name);
}
Provided<qbt_action> Registry::find_action(std::string_view name) const { return find_in(actions_, name); }
Provided<qbt_queue_backend> Registry::find_queue_backend(std::string_view name) const {
    return find_in(queue_backends_, name);
}

std::vector<std::string> Registry::operator_names() const { return keys_of(operators_); }
std::vector<std::string> Registry::action_names() const { return keys_of(actions_); }
std::vector<std::string> Registry::queue_backend_names() const { return keys_of(queue_backends_); }

const LoadedPlugin* Registry::add_plugin(LoadedPlugin plugin) {
    if (!plugin.thread_safe && !plugin.call_lock) plugin.call_lock = std::make_shared<std::mutex>();
    plugins_.push_back(std::move(plugin));
    return &plugins_.back();
}

template <class Descriptor>
const Descriptor* Registry::keep_copy(std::deque<Descriptor>& copies, Descriptor copy, const LoadedPlugin* owner) {
    if (std::string problem = check_descriptor(copy); !problem.empty()) {
        problems_.push_back(owner->path + ": " + problem);
        return nullptr;
    }
    return &copies.emplace_back(copy);
}

bool Registry::add_operator(const qbt_condition_operator* given, const LoadedPlugin* owner) {
    const qbt_condition_operator* op = keep_copy(operator_copies_, copy_descriptor(given), owner);
    if (!op) return false;
    bool ok = register_in(operators_, problems_, "operator", op->name, op, owner);
    if (ok) const_cast<LoadedPlugin*>(owner)->provides.push_back(std::string("operator:") + op->name);
    return ok;
}

bool Registry::add_action(const qbt_action* given, const LoadedPlugin* owner) {
    const qbt_action* action = keep_copy(action_copies_, copy_descriptor(given), owner);
    if (!action) return false;
    bool ok = register_in(actions_, problems_, "action", action->name, action, owner);
    if (!ok) return false;
    const_cast<LoadedPlugin*>(owner)->provides.push_back(std::string("action:") + action->name);
    for (const char* const* alias = action->aliases; alias && *alias; ++alias)
        register_in(actions_, problems_, "action", *alias, action, owner);
    return true;
}

bool Registry::add_queue_backend(const qbt_queue_backend* given, const LoadedPlugin* owner) {
    qbt_queue_backend copy = copy_descriptor(given);
    if (owner->abi_minor < 2) declare_legacy_capabilities(copy);  // 1.2 plugins declare them
    const qbt_queue_backend* backend = keep_copy(backend_copies_, copy, owner);
    if (!backend) return false;
    bool ok = register_in(queue_backends_, problems_, "queue backend", backend->name, backend, owner);
    if (ok) const_cast<LoadedPlugin*>(owner)->provides.push_back(std::string("queue:") + backend->name);
    return ok;
}

}  // namespace qbt::plugin
