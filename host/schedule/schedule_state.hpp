// The last slot each schedule entry fired, kept in a small JSON file so that a restart
// within a slot's minute does not fire it again. Written atomically (temp file + rename).
#pragma once

#include <ctime>
#include <map>
#include <string>

namespace qbt::schedule {

class ScheduleState {
public:
    explicit ScheduleState(std::string path);  // "" = memory only

    // Reads the file; a missing file is empty state. Returns "" or the problem (an
    // unreadable or damaged file is reported and treated as empty).
    std::string load();
    // Writes every entry; returns "" or the problem.
    std::string save() const;

    std::time_t last_fired(const std::string& entry_id) const;  // 0 when never
    void set_last_fired(const std::string& entry_id, std::time_t slot);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::map<std::string, std::time_t> last_fired_;
};

}  // namespace qbt::schedule
