// redis://[[user]:password@]host[:port][/db] as used by queue.redis_url.
#pragma once

#include <string>
#include <string_view>

namespace qbt::queue_plugin {

struct RedisUrl {
    std::string host = "localhost";
    int port = 6379;
    std::string username;  // Redis 6 ACL user; empty = default user
    std::string password;  // secret: never put it in a message
    int db = 0;

    // host:port/db, without credentials, for messages and logs.
    std::string describe() const;
};

// Throws sdk::Error(QBT_E_INVALID) naming the problem (never echoing the password).
RedisUrl parse_redis_url(std::string_view url);

}  // namespace qbt::queue_plugin
