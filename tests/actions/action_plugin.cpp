#include "action_plugin.hpp"

#include <qbt/cpp/writer.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace qbt::testing {

const ActionPlugin& ActionPlugin::load(const qbt_host* host) {
    static const ActionPlugin plugin(host);
    return plugin;
}

ActionPlugin::ActionPlugin(const qbt_host* host) {
    const char* dir = std::getenv("QBT_RULES_PLUGINS_BUILTIN_DIR");
    if (dir == nullptr) throw std::runtime_error("QBT_RULES_PLUGINS_BUILTIN_DIR is not set");
    const std::string path = std::string(dir) + "/qbt_core_actions.so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw std::runtime_error("dlopen " + path + ": " + dlerror());
    entry_ = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
    if (entry_ == nullptr) throw std::runtime_error(path + " has no qbt_entry");
    qbt_error err{};
    if (entry_->init(host, &err) != QBT_OK) throw std::runtime_error(std::string("init: ") + err.message);
    factory_ = static_cast<const qbt_action_factory*>(entry_->get_factory(QBT_ACTION_FACTORY_ID));
    if (factory_ == nullptr) throw std::runtime_error(path + " has no action factory");
}

const qbt_action* ActionPlugin::find(std::string_view name) const {
    for (uint32_t i = 0; i < factory_->count; ++i) {
        const qbt_action* a = factory_->actions[i];
        if (name == a->name) return a;
        for (const char* const* alias = a->aliases; alias && *alias; ++alias)
            if (name == *alias) return a;
    }
    return nullptr;
}

std::vector<std::string> ActionPlugin::names() const {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < factory_->count; ++i) out.emplace_back(factory_->actions[i]->name);
    return out;
}

Torrents& Torrents::add(std::string hash, std::string_view info_json) {
    std::string body(info_json);
    if (body.empty() || body.front() != '{') body = "{" + body + "}";
    const std::string hash_member = "\"hash\":\"" + hash + "\"";
    body = body == "{}" ? "{" + hash_member + "}" : "{" + hash_member + "," + body.substr(1);
    hashes_.push_back(std::move(hash));
    owned_.push_back(abi::OwnedValue::from_json_text(body));
    infos_.push_back(owned_.back().root());
    return *this;
}

Torrents& Torrents::add_listed(std::string_view info_array_json) {
    owned_.push_back(abi::OwnedValue::from_json_text(info_array_json));
    const qbt_value* list = owned_.back().root();
    if (list->type != QBT_VALUE_ARRAY) throw std::runtime_error("torrents/info answer is not a list");
    for (size_t i = 0; i < list->as.array.count; ++i) {
        const qbt_value* info = &list->as.array.items[i];
        std::string hash;
        for (size_t m = 0; info->type == QBT_VALUE_OBJECT && m < info->as.object.count; ++m) {
            const qbt_member& member = info->as.object.members[m];
            if (std::string_view(member.key.data, member.key.size) == "hash" &&
                member.value.type == QBT_VALUE_STRING)
                hash.assign(member.value.as.string.data, member.value.as.string.size);
        }
        if (hash.empty()) throw std::runtime_error("torrents/info item without a hash");
        hashes_.push_back(std::move(hash));
        infos_.push_back(info);
    }
    return *this;
}

sdk::TorrentBatch Torrents::span() {
    torrents_.clear();
    pointers_.clear();
    for (size_t i = 0; i < hashes_.size(); ++i)
        torrents_.push_back(qbt_torrent{sizeof(qbt_torrent), {hashes_[i].data(), hashes_[i].size()},
                                        infos_[i]});
    for (const qbt_torrent& torrent : torrents_) pointers_.push_back(&torrent);
    return sdk::TorrentBatch(pointers_.data(), pointers_.size());
}

CompiledAction::CompiledAction(const qbt_action* action, std::string_view params_json)
    : action_(action), params_(abi::OwnedValue::from_json_text(params_json)) {
    if (action == nullptr) throw std::runtime_error("no such action");
    qbt_error err{};
    const int rc = action->compile(params_.root(), &state_, &err);
    if (rc != QBT_OK) throw std::runtime_error(std::to_string(rc) + ": " + err.message);
}

CompiledAction::~CompiledAction() {
    if (state_ != nullptr) action_->release(state_);
}

std::string CompiledAction::compile_error(const qbt_action* action, std::string_view params_json,
                                          int* code) {
    abi::OwnedValue params = abi::OwnedValue::from_json_text(params_json);
    void* state = nullptr;
    qbt_error err{};
    const int rc = action->compile(params.root(), &state, &err);
    if (code != nullptr) *code = rc;
    if (rc == QBT_OK) {
        action->release(state);
        return "";
    }
    return err.message[0] ? err.message : "(empty message)";
}

int CompiledAction::is_satisfied(const qbt_torrent& torrent) const {
    if (action_->is_satisfied == nullptr) return -100;
    qbt_error err{};
    return action_->is_satisfied(state_, &torrent, &err);
}

std::string CompiledAction::effect(const qbt_torrent& torrent) const {
    if (action_->effect == nullptr) return "<none>";
    std::string out;
    qbt_error err{};
    const int rc = action_->effect(state_, &torrent, sdk::string_writer, &out, &err);
    if (rc != QBT_OK) return "<error " + std::to_string(rc) + ": " + err.message + ">";
    return out;
}

CompiledAction::ExecuteResult CompiledAction::execute(const qbt_host* host, qbt_client* client,
                                                      sdk::TorrentBatch torrents, bool dry_run) const {
    ExecuteResult r;
    r.results.assign(torrents.size(), 12345);
    const qbt_action_call call{sizeof(qbt_action_call), host, client, "job-1", "test rule", dry_run ? 1 : 0};
    qbt_error err{};
    r.rc = action_->execute_batch(state_, &call, torrents.data(), torrents.size(), r.results.data(), &err);
    if (r.rc != QBT_OK) r.error = err.message;
    return r;
}

}  // namespace qbt::testing
