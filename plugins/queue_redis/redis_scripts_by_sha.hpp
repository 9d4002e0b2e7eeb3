// Runs the queue's Lua scripts with EVALSHA, so a call sends the script's 40-character SHA1
// instead of its text (1-3 KB). The first call of a script in this process loads it
// (SCRIPT LOAD); a NOSCRIPT answer (Redis restarted, SCRIPT FLUSH, a failover) runs the
// text with EVAL instead, which also loads it again for the next calls.
#pragma once

#include "redis_connection.hpp"

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace qbt::queue_plugin {

class ScriptsBySha {
public:
    // `command` is {"", "", "0", args...} (script_command): the first two are filled here
    // (EVALSHA sha or EVAL text), so the same vector can be run again after a lost reply.
    Reply run(RedisConnection& conn, const std::string& script, std::vector<std::string>& command);

    // {"", "", "0"} followed by the script's arguments.
    static std::vector<std::string> script_command(std::vector<std::string> args = {});

private:
    std::string sha_of(RedisConnection& conn, const std::string& script);

    std::mutex mutex_;
    std::unordered_map<std::string, std::string> sha_by_script_;  // script text -> SHA1 hex
};

}  // namespace qbt::queue_plugin
