#include "redis_connection.hpp"

#include <qbt/cpp/error.hpp>

#include <sys/time.h>

namespace qbt::queue_plugin {

namespace {

timeval to_timeval(int ms) {
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

}  // namespace

RedisConnection::RedisConnection(const RedisUrl& url, int timeout_ms)
    : where_("redis at " + url.describe()), timeout_ms_(timeout_ms) {
    ctx_ = redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(timeout_ms));
    if (!ctx_ || ctx_->err) {
        std::string why = ctx_ ? ctx_->errstr : "out of memory";
        redisFree(ctx_);
        ctx_ = nullptr;
        throw sdk::Error(QBT_E_UNAVAILABLE, "cannot connect to " + where_ + ": " + why);
    }
    set_timeout_ms(timeout_ms);
    try {
        if (!url.password.empty()) {
            std::vector<std::string> auth = {"AUTH"};
            if (!url.username.empty()) auth.push_back(url.username);
            auth.push_back(url.password);
            command(auth);
        }
        if (url.db != 0) command({"SELECT", std::to_string(url.db)});
    } catch (const ConnectionLost& e) {
        redisFree(ctx_);
        throw sdk::Error(QBT_E_UNAVAILABLE, e.what());
    } catch (const sdk::Error& e) {
        redisFree(ctx_);
        throw sdk::Error(QBT_E_UNAVAILABLE, e.what());  // e.g. WRONGPASS: a setup problem
    }
}

RedisConnection::~RedisConnection() { redisFree(ctx_); }

void RedisConnection::set_timeout_ms(int timeout_ms) { redisSetTimeout(ctx_, to_timeval(timeout_ms)); }

Reply RedisConnection::command(const std::vector<std::string>& args) {
    Reply reply = command_or_error(args);
    throw_if_error(reply.get(), args.front());
    return reply;
}

Reply RedisConnection::command_or_error(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!reply || ctx_->err)
        throw ConnectionLost("lost connection to " + where_ + ": " +
                             (ctx_->err ? ctx_->errstr : "no reply"));
    return reply;
}

void RedisConnection::throw_if_error(const redisReply* reply, const std::string& command_name) const {
    // The command's name only: its arguments may be secrets (AUTH) or documents.
    if (reply->type == REDIS_REPLY_ERROR)
        throw sdk::Error(QBT_E_IO, where_ + " refused " + command_name + ": " + std::string(reply->str, reply->len));
}

std::string reply_string(const redisReply* reply) {
    if (reply->type == REDIS_REPLY_NIL) return {};
    if (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS)
        return std::string(reply->str, reply->len);
    if (reply->type == REDIS_REPLY_INTEGER) return std::to_string(reply->integer);
    throw sdk::Error(QBT_E_INTERNAL, "redis: unexpected reply type " + std::to_string(reply->type));
}

long long reply_integer(const redisReply* reply) {
    if (reply->type == REDIS_REPLY_INTEGER) return reply->integer;
    if (reply->type == REDIS_REPLY_STRING) return std::stoll(std::string(reply->str, reply->len));
    throw sdk::Error(QBT_E_INTERNAL, "redis: expected an integer reply");
}

}  // namespace qbt::queue_plugin
