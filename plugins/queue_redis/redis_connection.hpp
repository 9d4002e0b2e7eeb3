// One hiredis connection (blocking API) and the replies it returns.
#pragma once

#include "redis_url.hpp"

#include <hiredis/hiredis.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace qbt::queue_plugin {

// The connection broke (server restarted, socket closed, timeout): the pool drops it.
class ConnectionLost : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReplyDeleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisConnection {
public:
    // Connects, authenticates and selects the db. Throws sdk::Error (UNAVAILABLE).
    RedisConnection(const RedisUrl& url, int timeout_ms);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Run one command. Throws ConnectionLost when the connection failed, sdk::Error
    // when Redis answered with an error.
    Reply command(const std::vector<std::string>& args);
    // Like command(), but an error answer (e.g. NOSCRIPT) is returned, not thrown.
    Reply command_or_error(const std::vector<std::string>& args);
    // Throws sdk::Error naming the command (never its arguments) if `reply` is an error answer.
    void throw_if_error(const redisReply* reply, const std::string& command_name) const;
    // Read timeout for the following commands (blocking commands need a longer one).
    void set_timeout_ms(int timeout_ms);
    int default_timeout_ms() const { return timeout_ms_; }

private:
    redisContext* ctx_ = nullptr;
    std::string where_;
    int timeout_ms_;
};

// Reply accessors that throw sdk::Error(QBT_E_INTERNAL) on an unexpected shape.
std::string reply_string(const redisReply* reply);  // "" for nil
long long reply_integer(const redisReply* reply);

}  // namespace qbt::queue_plugin
