// A job's JSON document as a queue backend edits it (shared by the SQLite and Redis
// backends). Backends store documents verbatim; they only touch the few members a
// state change owns (status, started_at, worker, attempts, completed_at).
//
// plugins/queue_common/ holds what the built-in queue backends share and a third-party
// backend does not get: it needs RapidJSON, which the SDK must not require. It is a
// header-only internal dependency (queue_common_dep), never installed. The C++ queue
// class both backends implement, and the shims that make it a qbt_queue_backend, are
// public: <qbt/cpp/queue_backend.hpp>.
#pragma once

#include <qbt/cpp/error.hpp>
#include <qbt/queue_backend.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qbt::queue_plugin {

class JobDocument {
public:
    explicit JobDocument(std::string_view text) {
        doc_.Parse(text.data(), text.size());
        if (doc_.HasParseError() || !doc_.IsObject())
            throw sdk::Error(QBT_E_INVALID, "job document is not a JSON object");
    }

    std::optional<std::string> string(const char* key) const {
        auto it = doc_.FindMember(key);
        if (it == doc_.MemberEnd() || !it->value.IsString()) return std::nullopt;
        return std::string(it->value.GetString(), it->value.GetStringLength());
    }
    int64_t integer(const char* key) const {
        auto it = doc_.FindMember(key);
        return it != doc_.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
    }
    // A member re-serialized as JSON text (for the seed's `result` column); nullopt
    // when absent or null.
    std::optional<std::string> json(const char* key) const {
        auto it = doc_.FindMember(key);
        if (it == doc_.MemberEnd() || it->value.IsNull()) return std::nullopt;
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        it->value.Accept(writer);
        return std::string(buffer.GetString(), buffer.GetSize());
    }

    void set(const char* key, std::string_view value) {
        rapidjson::Value v(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                           doc_.GetAllocator());
        put(key, v);
    }
    void set(const char* key, int64_t value) {
        rapidjson::Value v(value);
        put(key, v);
    }

    // What a dequeue changes, atomically with taking the job.
    void mark_started(const char* started_at, const char* worker) {
        set("status", QBT_JOB_PROCESSING);
        if (started_at) set("started_at", started_at);
        if (worker) set("worker", worker);
        set("attempts", integer("attempts") + 1);
    }
    void mark_cancelled(const char* now_iso) {
        set("status", QBT_JOB_CANCELLED);
        if (now_iso) set("completed_at", now_iso);
    }

    std::string text() const {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        doc_.Accept(writer);
        return std::string(buffer.GetString(), buffer.GetSize());
    }

private:
    void put(const char* key, rapidjson::Value& value) {
        auto it = doc_.FindMember(key);
        if (it != doc_.MemberEnd()) {
            it->value = value;
            return;
        }
        doc_.AddMember(rapidjson::Value(key, doc_.GetAllocator()), value, doc_.GetAllocator());
    }

    rapidjson::Document doc_;
};

inline std::string_view view(qbt_string s) {
    return s.size == 0 ? std::string_view{} : std::string_view(s.data, s.size);
}

}  // namespace qbt::queue_plugin
