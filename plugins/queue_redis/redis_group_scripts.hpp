// Lua scripts of group support (several servers on one Redis), run after kPrelude.
// Keys added to the seed's (all under qbt_rules:):
//   qbt_rules:queue:pending:<instance>  LIST   pending ids of an instance other than "default"
//   qbt_rules:instances                 SET    instance names that ever had a job
//   qbt_rules:leases:<instance>         HASH   token server job_id since; PEXPIRE = the lease
//   qbt_rules:lease_token               STRING fencing-token counter (INCR)
//   qbt_rules:servers                   ZSET   server id -> last heartbeat (unix ms)
//   qbt_rules:servers:<id>              STRING the server's info JSON, PX = heartbeat ttl
//   qbt_rules:claims:<key>              STRING claim_once() marker, PX = ttl
// Job hashes gain the fields `instance`, `lease_token` and `worker`.
// Every script is safe to run twice (the pool repeats it after a reconnect); a repeated
// recovery answers "state" (its first run applied it).
#pragma once

namespace qbt::queue_plugin::scripts {

// ARGV: instance... -> {} | {id, instance, document}: the oldest pending job (by
// created_at) of an instance whose lease is free. Drops stale ids (jobs no longer
// pending) from the take end of the lists it looks at.
inline constexpr const char* kLeaseCandidate = R"lua(
local best, best_score, best_instance = nil, nil, nil
for _, instance in ipairs(ARGV) do
  if redis.call('EXISTS', 'qbt_rules:leases:' .. instance) == 0 then
    promote_due(instance)
    local list = pending_key(instance)
    local id = redis.call('LINDEX', list, -1)
    while id do
      if redis.call('HGET', 'qbt_rules:jobs:' .. id, 'status') == 'pending' then break end
      redis.call('RPOP', list)
      id = redis.call('LINDEX', list, -1)
    end
    if id then
      local score = tonumber(redis.call('ZSCORE', 'qbt_rules:jobs:by_time', id) or '0')
      if not best or score < best_score then best, best_score, best_instance = id, score, instance end
    end
  end
end
if not best then return {} end
return {best, best_instance, document_of('qbt_rules:jobs:' .. best)}
)lua";

// ARGV: id instance expected_document new_document server lease_ms started_at
// new_document ends with ,"lease_token":-1} which becomes the new token.
// -> {'ok', token, document} | {'busy'} (lease taken meanwhile) | {'changed'} (retry)
inline constexpr const char* kLeaseTake = R"lua(
local id, instance = ARGV[1], ARGV[2]
local key = 'qbt_rules:jobs:' .. id
local lease = 'qbt_rules:leases:' .. instance
if redis.call('EXISTS', lease) == 1 then
  -- a repeat after a lost reply finds its own take
  local held = redis.call('HMGET', lease, 'token', 'server', 'job_id', 'since')
  if held[2] == ARGV[5] and held[3] == id and held[4] == ARGV[7] then
    return {'ok', held[1], document_of(key)}
  end
  return {'busy'}
end
if redis.call('HGET', key, 'status') ~= 'pending' or document_of(key) ~= ARGV[3] then return {'changed'} end
if redis.call('LREM', pending_key(instance), -1, id) == 0 then return {'changed'} end
local token = tostring(redis.call('INCR', 'qbt_rules:lease_token'))
local document = string.gsub(ARGV[4], ',"lease_token":%-1}$', ',"lease_token":' .. token .. '}')
redis.call('HSET', lease, 'token', token, 'server', ARGV[5], 'job_id', id, 'since', ARGV[7])
redis.call('PEXPIRE', lease, ARGV[6])
redis.call('SREM', 'qbt_rules:jobs:status:pending', id)
redis.call('SADD', 'qbt_rules:jobs:status:processing', id)
redis.call('HSET', key, 'status', 'processing', 'started_at', ARGV[7], 'document', document,
  'lease_token', token, 'worker', ARGV[5], 'instance', instance)
return {'ok', token, document}
)lua";

// ARGV: instance token lease_ms -> 1 renewed, 0 not held with that token
inline constexpr const char* kLeaseRenew = R"lua(
local lease = 'qbt_rules:leases:' .. ARGV[1]
if redis.call('HGET', lease, 'token') ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', lease, ARGV[3])
return 1
)lua";

// ARGV: instance token -> 1 released, 0 not held with that token
inline constexpr const char* kLeaseRelease = R"lua(
local lease = 'qbt_rules:leases:' .. ARGV[1]
if redis.call('HGET', lease, 'token') ~= ARGV[2] then return 0 end
redis.call('DEL', lease)
return 1
)lua";

// Shared by complete and recover: move job `id` from processing to ARGV-described state.
// ARGV (from index 3): status context hash document started_at completed_at result error
inline constexpr const char* kFinishPrelude = R"lua(
local function finish(id, key)
  local status, context = ARGV[3], ARGV[4]
  local old_context = redis.call('HGET', key, 'context') or ''
  redis.call('SREM', 'qbt_rules:jobs:status:processing', id)
  redis.call('SADD', 'qbt_rules:jobs:status:' .. status, id)
  if old_context ~= context then
    if old_context ~= '' then redis.call('SREM', 'qbt_rules:jobs:context:' .. old_context, id) end
    if context ~= '' then redis.call('SADD', 'qbt_rules:jobs:context:' .. context, id) end
  end
  redis.call('HSET', key, 'status', status, 'context', context, 'hash', ARGV[5], 'document', ARGV[6],
    'started_at', ARGV[7], 'completed_at', ARGV[8], 'result', ARGV[9], 'error', ARGV[10])
  redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
  if status == 'pending' then
    redis.call('HSET', key, 'lease_token', '', 'worker', '')
    redis.call('RPUSH', pending_key_of(id), id)
  end
end
)lua";

// ARGV: id token status context hash document started_at completed_at result error
// -> {'ok'} | {'missing'} | {'fenced', status}: stored only while the job is processing
// under `token`; releases the instance lease when it is still held with `token`.
inline constexpr const char* kCompleteLeased = R"lua(
local id, token = ARGV[1], ARGV[2]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return {'missing'} end
if old ~= 'processing' or redis.call('HGET', key, 'lease_token') ~= token then
  if document_of(key) == ARGV[6] then return {'ok'} end
  return {'fenced', old}
end
local instance = redis.call('HGET', key, 'instance') or ''
if instance == '' then instance = 'default' end
finish(id, key)
local lease = 'qbt_rules:leases:' .. instance
if redis.call('HGET', lease, 'token') == token then redis.call('DEL', lease) end
return {'ok'}
)lua";

// -> {document...}: processing jobs whose lease is not held with their token (expired,
// or taken without one by a server of the seed's kind). Also puts back ids the seed's
// dequeue moved to the processing list but never marked (still "pending").
inline constexpr const char* kListExpired = R"lua(
for _, id in ipairs(redis.call('LRANGE', 'qbt_rules:queue:processing', 0, -1)) do
  if redis.call('HGET', 'qbt_rules:jobs:' .. id, 'status') == 'pending' then
    redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
    redis.call('LREM', pending_key_of(id), 0, id)
    redis.call('RPUSH', pending_key_of(id), id)
  end
end
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', 'qbt_rules:jobs:status:processing')) do
  local key = 'qbt_rules:jobs:' .. id
  local token = redis.call('HGET', key, 'lease_token') or ''
  local instance = redis.call('HGET', key, 'instance') or ''
  if instance == '' then instance = 'default' end
  if token == '' or redis.call('HGET', 'qbt_rules:leases:' .. instance, 'token') ~= token then
    local document = document_of(key)
    if document then table.insert(out, document) end
  end
end
return out
)lua";

// ARGV: id expected_token("" = none) status context hash document started_at completed_at
// result error -> {'ok'} | {'missing'} | {'state', why}: applied only while the job is
// processing under expected_token and that lease is not held.
inline constexpr const char* kRecoverExpired = R"lua(
local id, token = ARGV[1], ARGV[2]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return {'missing'} end
if old ~= 'processing' or (redis.call('HGET', key, 'lease_token') or '') ~= token then
  -- No "repeat after a lost reply" shortcut here: two servers compute the same pending
  -- document, so an equal document does not prove this caller applied it.
  return {'state', old}
end
local instance = redis.call('HGET', key, 'instance') or ''
if instance == '' then instance = 'default' end
if token ~= '' and redis.call('HGET', 'qbt_rules:leases:' .. instance, 'token') == token then
  return {'state', 'leased'}
end
finish(id, key)
return {'ok'}
)lua";

// ARGV: server info ttl_ms -> 1
inline constexpr const char* kHeartbeat = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', 'qbt_rules:servers:' .. ARGV[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', 'qbt_rules:servers', now, ARGV[1])
return 1
)lua";

// -> {servers, leases, pending}: servers = {id, info, ms since last beat}... (live ones);
// leases = {instance, token, server, job_id, ms left}...; pending = {instance, n}...
inline constexpr const char* kGroupStatus = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', 'qbt_rules:servers', '-inf', now - 86400000)
local servers, leases, pending = {}, {}, {}
local seen = redis.call('ZRANGE', 'qbt_rules:servers', 0, -1, 'WITHSCORES')
for i = 1, #seen, 2 do
  local info = redis.call('GET', 'qbt_rules:servers:' .. seen[i])
  if info then
    table.insert(servers, seen[i]); table.insert(servers, info)
    table.insert(servers, tostring(now - tonumber(seen[i + 1])))
  end
end
local instances = redis.call('SMEMBERS', 'qbt_rules:instances')
table.insert(instances, 'default')
table.sort(instances)
local done = {}
for _, instance in ipairs(instances) do
  if not done[instance] then
    done[instance] = true
    table.insert(pending, instance)
    table.insert(pending, tostring(redis.call('LLEN', pending_key(instance))))
    local lease = 'qbt_rules:leases:' .. instance
    local held = redis.call('HMGET', lease, 'token', 'server', 'job_id')
    if held[1] then
      table.insert(leases, instance); table.insert(leases, held[1]); table.insert(leases, held[2] or '')
      table.insert(leases, held[3] or ''); table.insert(leases, tostring(redis.call('PTTL', lease)))
    end
  end
end
return {servers, leases, pending}
)lua";

// ARGV: key claimant ttl_ms -> 1 claimed by this claimant (also on a repeat), 0 taken
inline constexpr const char* kClaimOnce = R"lua(
local key = 'qbt_rules:claims:' .. ARGV[1]
if redis.call('SET', key, ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
if redis.call('GET', key) == ARGV[2] then return 1 end
return 0
)lua";

}  // namespace qbt::queue_plugin::scripts
