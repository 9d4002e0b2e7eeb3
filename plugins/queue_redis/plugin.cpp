// Plugin entry and the qbt_queue_backend table of the Redis backend.
#include "redis_group_shims.hpp"
#include "redis_queue.hpp"

#include <qbt/cpp/plugin.hpp>
#include <qbt/cpp/queue_backend.hpp>

#include <cstring>

namespace {

using qbt::queue_plugin::RedisQueue;
using qbt::sdk::Error;
using qbt::sdk::ValueView;

constexpr int kCommandTimeoutMs = 5000;

RedisQueue* open_queue(const qbt_value* config) {
    ValueView url = ValueView(config).get("redis_url");
    if (!url.is_string() || url.as_string().empty())
        throw Error(QBT_E_INVALID, "queue.redis_url: missing or not a string");
    return new RedisQueue(qbt::queue_plugin::parse_redis_url(url.as_string()), kCommandTimeoutMs);
}

const qbt_queue_backend redis_backend = qbt::queue_plugin::group_shims::with_group_support(
    qbt::sdk::queue_shims::make_backend<RedisQueue, open_queue>(
        "redis", "Jobs in Redis (LIST/HASH/SET/ZSET under qbt_rules:*); durability as the server is configured"));

const qbt_queue_backend* const backends[] = {&redis_backend};
const qbt_queue_backend_factory factory = {sizeof(qbt_queue_backend_factory), 1, backends};

int plugin_init(const qbt_host*, qbt_error*) { return QBT_OK; }

const void* plugin_get_factory(const char* factory_id) {
    return std::strcmp(factory_id, QBT_QUEUE_BACKEND_FACTORY_ID) == 0 ? &factory : nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
                    "org.qbt-rules.queue-redis", "Redis queue backend", "0.1.0",
                    "Job queue in a Redis server (hiredis)",
                    plugin_init, nullptr, plugin_get_factory};
