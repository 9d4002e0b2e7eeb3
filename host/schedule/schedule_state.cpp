#include "schedule/schedule_state.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace qbt::schedule {

ScheduleState::ScheduleState(std::string path) : path_(std::move(path)) {}

std::string ScheduleState::load() {
    last_fired_.clear();
    if (path_.empty()) return "";
    std::ifstream in(path_, std::ios::binary);
    if (!in) return errno == ENOENT ? "" : "cannot read " + path_ + ": " + std::strerror(errno);
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document doc;
    const std::string content = text.str();
    doc.Parse(content.c_str(), content.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("last_fired") || !doc["last_fired"].IsObject())
        return path_ + " is damaged (expected {\"last_fired\": {...}}); starting with no history";
    for (const auto& m : doc["last_fired"].GetObject())
        if (m.value.IsInt64()) last_fired_[m.name.GetString()] = static_cast<std::time_t>(m.value.GetInt64());
    return "";
}

std::string ScheduleState::save() const {
    if (path_.empty()) return "";
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("last_fired");
    w.StartObject();
    for (const auto& [id, slot] : last_fired_) {
        w.Key(id.c_str(), static_cast<rapidjson::SizeType>(id.size()));
        w.Int64(slot);
    }
    w.EndObject();
    w.EndObject();
    const std::string temp = path_ + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot write " + temp + ": " + std::strerror(errno);
    const char* data = buffer.GetString();
    size_t left = buffer.GetSize();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string problem = "cannot write " + temp + ": " + std::strerror(errno);
            ::close(fd);
            ::unlink(temp.c_str());
            return problem;
        }
        data += n;
        left -= static_cast<size_t>(n);
    }
    // The slot must survive a power cut as the job does: flush before the rename.
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || std::rename(temp.c_str(), path_.c_str()) != 0) {
        const std::string problem = "cannot replace " + path_ + ": " + std::strerror(errno);
        ::unlink(temp.c_str());
        return problem;
    }
    return "";
}

std::time_t ScheduleState::last_fired(const std::string& entry_id) const {
    auto it = last_fired_.find(entry_id);
    return it == last_fired_.end() ? 0 : it->second;
}

void ScheduleState::set_last_fired(const std::string& entry_id, std::time_t slot) { last_fired_[entry_id] = slot; }

}  // namespace qbt::schedule
