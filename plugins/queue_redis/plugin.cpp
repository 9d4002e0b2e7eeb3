// Plugin entry and the qbt_queue_backend table of the Redis backend.
#include "redis_group_shims.hpp"
#include "redis_queue.hpp"

#include <qbt/cpp/plugin.hpp>
#include <qbt/cpp/queue_backend.hpp>


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

// What open_queue reads (ABI 1.2): the host passes exactly this.
const qbt_queue_setting url_setting = {
    sizeof(qbt_queue_setting), "redis_url", QBT_SETTING_TEXT, QBT_SETTING_SECRET | QBT_SETTING_REQUIRED,
    "redis://localhost:6379/0", "redis://[[user]:password@]host[:port][/db]"};
const qbt_queue_setting* const settings[] = {&url_setting};

const qbt_queue_backend redis_backend = qbt::queue_plugin::group_shims::with_group_support(
    qbt::sdk::queue_shims::make_backend<RedisQueue, open_queue>(
        "redis", "Jobs in Redis (LIST/HASH/SET/ZSET under qbt_rules:*); durability as the server is configured",
        settings));

const qbt_queue_backend* const backends[] = {&redis_backend};
const qbt_queue_backend_factory factory = {sizeof(qbt_queue_backend_factory), 1, backends};

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
                    "org.qbt-rules.queue-redis", "Redis queue backend", "0.1.0",
                    "Job queue in a Redis server (hiredis)",
                    qbt::sdk::queue_shims::init_nothing, nullptr, qbt::sdk::queue_shims::get_factory<&factory>,
                    QBT_PLUGIN_THREAD_SAFE};
