// Plugin-side wrapper over the host services table (qbt_host).
#pragma once

#include <qbt/host.h>
#include <qbt/cpp/error.hpp>
#include <qbt/cpp/writer.hpp>

#include <qbt/version.h>

#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string>

namespace qbt::sdk {

struct ApiResponse {
    int status = 0;
    std::string body;
};

class Host {
public:
    Host() = default;
    explicit Host(const qbt_host* host) : host_(host) {}
    const qbt_host* raw() const { return host_; }
    explicit operator bool() const { return host_ != nullptr; }

    void log(qbt_log_level level, const std::string& message) const {
        if (host_ && host_->log) host_->log(host_, level, message.c_str());
    }
    void info(const std::string& m) const { log(QBT_LOG_INFO, m); }
    void warn(const std::string& m) const { log(QBT_LOG_WARN, m); }
    void error(const std::string& m) const { log(QBT_LOG_ERROR, m); }
    void debug(const std::string& m) const { log(QBT_LOG_DEBUG, m); }

    // The plugin's config section as JSON text ("{}" when none).
    std::string config_json() const {
        std::string out;
        if (host_ && host_->get_config && host_->get_config(host_, string_writer, &out) != QBT_OK)
            throw Error(QBT_E_INTERNAL, "host could not provide the plugin config");
        return out.empty() ? "{}" : out;
    }

    // One Web API call; throws Error when no response arrived.
    ApiResponse request(qbt_client* client, const char* method, const char* endpoint,
                        const std::string& query = {}, const std::string& form = {}) const {
        if (!host_ || !host_->qbt_request)
            throw Error(QBT_E_UNSUPPORTED, "host offers no qBittorrent client");
        qbt_api_request req{sizeof(qbt_api_request), method, endpoint,
                            query.empty() ? nullptr : query.c_str(),
                            form.empty() ? nullptr : form.c_str()};
        ApiResponse response;
        int32_t status = 0;
        qbt_error err{};
        int rc = host_->qbt_request(host_, client, &req, string_writer, &response.body, &status, &err);
        if (rc < 0) throw Error(rc, err.message);
        response.status = status;
        return response;
    }

    // 1.2 guarded removal and move (host.h); throw Error when the host has none or the
    // whole request failed; per-torrent outcomes go to `results`.
    void remove_torrents(const qbt_action_call* call, const qbt_remove_request& request,
                         std::span<int32_t> results) const {
        if (!host_ || !QBT_HAS_MEMBER(host_, qbt_host, remove_torrents) || !host_->remove_torrents)
            throw Error(QBT_E_UNSUPPORTED, "the host has no remove_torrents (ABI 1.2)");
        qbt_error err{};
        int rc = host_->remove_torrents(host_, call, &request, results.data(), &err);
        if (rc < 0) throw Error(rc, err.message);
    }
    void move_torrents(const qbt_action_call* call, const qbt_move_request& request,
                       std::span<int32_t> results) const {
        if (!host_ || !QBT_HAS_MEMBER(host_, qbt_host, move_torrents) || !host_->move_torrents)
            throw Error(QBT_E_UNSUPPORTED, "the host has no move_torrents (ABI 1.2)");
        qbt_error err{};
        int rc = host_->move_torrents(host_, call, &request, results.data(), &err);
        if (rc < 0) throw Error(rc, err.message);
    }

    // 1.3 audit note (host.h): false when the host is older than 1.3 (say it in a log line
    // instead); throws Error when the host refused the note.
    bool has_audit_note() const { return host_ && QBT_HAS_MEMBER(host_, qbt_host, audit_note) && host_->audit_note; }
    bool audit_note(const qbt_action_call* call, const qbt_string* hash, const std::string& text) const {
        if (!has_audit_note()) return false;
        qbt_error err{};
        int rc = host_->audit_note(host_, call, hash, text.c_str(), &err);
        if (rc < 0) throw Error(rc, err.message);
        return true;
    }

    qbt_api_version api_version(qbt_client* client) const {
        qbt_api_version v{0, 0, 0};
        qbt_error err{};
        if (!host_ || !host_->qbt_api_version)
            throw Error(QBT_E_UNSUPPORTED, "host offers no qBittorrent client");
        int rc = host_->qbt_api_version(host_, client, &v, &err);
        if (rc < 0) throw Error(rc, err.message);
        return v;
    }

private:
    const qbt_host* host_ = nullptr;
};

}  // namespace qbt::sdk
