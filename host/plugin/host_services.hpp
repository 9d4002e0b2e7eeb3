// The qbt_host table the host hands to plugins (logging, config, qBittorrent calls, the
// guarded removal and move of torrents, audit notes).
#pragma once

#include <qbt/host.h>

#include "plugin/audit_notes.hpp"
#include "plugin/file_guard.hpp"
#include "webapi/web_api.hpp"

#include <map>
#include <memory>
#include <string>

namespace qbt::plugin {

// A qbt_client* handed to plugins is really this, wrapping the job's WebApi. Without a
// guard, remove_torrents/move_torrents and the raw calls routed to them are refused.
struct ClientHandle {
    webapi::WebApi* api;
    FileGuard* guard = nullptr;
    bool dry_run = false;  // every non-GET qbt_request is refused
    AuditNotes* notes = nullptr;  // audit_note (1.3) refuses calls without
};
inline qbt_client* to_client(ClientHandle* handle) { return reinterpret_cast<qbt_client*>(handle); }

// Owns one plugin's qbt_host table (each plugin gets its own so logs and config are
// attributed to it). Lives as long as the process.
class HostServices {
public:
    HostServices(std::string plugin_id, std::string config_json);
    HostServices(const HostServices&) = delete;  // the table points back at this object
    HostServices& operator=(const HostServices&) = delete;
    const qbt_host* table() const { return &table_; }
    const std::string& plugin_id() const { return plugin_id_; }
    const std::string& config_json() const { return config_json_; }

private:
    std::string plugin_id_;
    std::string config_json_;
    qbt_host table_{};
};

}  // namespace qbt::plugin
