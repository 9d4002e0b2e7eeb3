#include "redis_scripts_by_sha.hpp"

#include <string_view>

namespace qbt::queue_plugin {

std::vector<std::string> ScriptsBySha::script_command(std::vector<std::string> args) {
    args.insert(args.begin(), {"", "", "0"});
    return args;
}

std::string ScriptsBySha::sha_of(RedisConnection& conn, const std::string& script) {
    {
        std::lock_guard lock(mutex_);
        if (const auto it = sha_by_script_.find(script); it != sha_by_script_.end()) return it->second;
    }
    std::string sha = reply_string(conn.command({"SCRIPT", "LOAD", script}).get());
    std::lock_guard lock(mutex_);
    sha_by_script_.emplace(script, sha);
    return sha;
}

Reply ScriptsBySha::run(RedisConnection& conn, const std::string& script, std::vector<std::string>& command) {
    command[0] = "EVALSHA";
    command[1] = sha_of(conn, script);
    Reply reply = conn.command_or_error(command);
    const bool no_script = reply->type == REDIS_REPLY_ERROR &&
                           std::string_view(reply->str, reply->len).substr(0, 8) == "NOSCRIPT";
    if (!no_script) {
        conn.throw_if_error(reply.get(), command.front());
        return reply;
    }
    command[0] = "EVAL";  // the script did not run: run its text (which loads it again)
    command[1] = script;
    return conn.command(command);
}

}  // namespace qbt::queue_plugin
