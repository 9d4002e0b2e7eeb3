// Lua scripts (EVAL) that change a job and its indexes in one atomic step, so the
// status/context sets, by_time and the lists never disagree with the job hash.
// Every script is safe to run twice (the pool repeats it after a reconnect).
// Keys: see redis_queue.hpp. Absent fields are stored as "".
#pragma once

namespace qbt::queue_plugin::scripts {

// Lua prelude, put before every script by RedisQueue::eval: a job's document, or one
// built from the hash fields when a job was written without `document` (e.g. by the
// seed Python tool).
inline constexpr const char* kPrelude = R"lua(
local function document_of(key)
  local document = redis.call('HGET', key, 'document')
  if document then return document end
  local fields = redis.call('HGETALL', key)
  if #fields == 0 then return false end
  local job, out = {}, {}
  for i = 1, #fields, 2 do job[fields[i]] = fields[i + 1] end
  for _, k in ipairs({'job_id', 'context', 'hash', 'status', 'created_at', 'started_at',
                      'completed_at', 'error'}) do
    local v = job[k]
    if v == nil or v == '' or v == 'None' then out[k] = cjson.null else out[k] = v end
  end
  out['result'] = cjson.null
  if job['result'] and job['result'] ~= '' and job['result'] ~= 'None' then
    local ok, decoded = pcall(cjson.decode, job['result'])
    out['result'] = ok and decoded or job['result']
  end
  out['dry_run'] = false
  out['attempts'] = 0
  return cjson.encode(out)
end
-- Where an instance's pending jobs wait: "default" (and jobs stored without an instance,
-- e.g. by the seed) in the seed's list, every other instance in a list of its own.
local function pending_key(instance)
  if not instance or instance == '' or instance == 'default' then return 'qbt_rules:queue:pending' end
  return 'qbt_rules:queue:pending:' .. instance
end
local function pending_key_of(id)
  return pending_key(redis.call('HGET', 'qbt_rules:jobs:' .. id, 'instance'))
end
-- ABI 1.3, deferred jobs: pending, but waiting in a ZSET scored by their not-before (unix
-- microseconds) instead of the list, one per instance like the lists.
local function deferred_key(instance)
  if not instance or instance == '' or instance == 'default' then return 'qbt_rules:queue:deferred' end
  return 'qbt_rules:queue:deferred:' .. instance
end
local function deferred_key_of(id)
  return deferred_key(redis.call('HGET', 'qbt_rules:jobs:' .. id, 'instance'))
end
-- Moves an instance's due deferred jobs to the take end of its pending list (they are
-- older than the jobs waiting there), the earliest due taken first. Redis's own clock.
local function promote_due(instance)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local zset, list = deferred_key(instance), pending_key(instance)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', zset, '-inf', now)) do
    redis.call('ZREM', zset, id)
    if redis.call('HGET', 'qbt_rules:jobs:' .. id, 'status') == 'pending' then
      redis.call('HSET', 'qbt_rules:jobs:' .. id, 'not_before', '')
      redis.call('RPUSH', list, id)
    end
  end
end
)lua";

// ARGV: instance -> 1 (promote_due for one instance, before the plain dequeue takes)
inline constexpr const char* kPromoteDue = R"lua(
promote_due(ARGV[1])
return 1
)lua";

// ARGV: id document started_at not_before(unix micros) lease_token("" = not leased)
// -> {'ok'} | {'missing'} | {'state', status}: a processing job (under that token when
// leased) back to pending, waiting in its deferred ZSET; a leased job's lease released.
inline constexpr const char* kDefer = R"lua(
local id, token = ARGV[1], ARGV[5]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return {'missing'} end
if old ~= 'processing' or (token ~= '' and redis.call('HGET', key, 'lease_token') ~= token) then
  if old == 'pending' and document_of(key) == ARGV[2] then return {'ok'} end  -- a repeat
  return {'state', old}
end
local instance = redis.call('HGET', key, 'instance') or ''
if instance == '' then instance = 'default' end
redis.call('SREM', 'qbt_rules:jobs:status:processing', id)
redis.call('SADD', 'qbt_rules:jobs:status:pending', id)
redis.call('HSET', key, 'status', 'pending', 'started_at', ARGV[3], 'document', ARGV[2], 'not_before', ARGV[4])
redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
redis.call('ZADD', deferred_key(instance), ARGV[4], id)
if token ~= '' then
  redis.call('HSET', key, 'lease_token', '', 'worker', '')
  local lease = 'qbt_rules:leases:' .. instance
  if redis.call('HGET', lease, 'token') == token then redis.call('DEL', lease) end
end
return {'ok'}
)lua";

// ARGV: id -> document or nil
inline constexpr const char* kGet = R"lua(
return document_of('qbt_rules:jobs:' .. ARGV[1])
)lua";

// ARGV: N groups of (id status context hash created_at document score instance)
// -> 1 all stored, 0 none stored (an id exists already, or appears twice in ARGV).
// All or none, like the SQLite backend's transaction: a caller's jobs fail together.
inline constexpr int kEnqueueFields = 8;
inline constexpr const char* kEnqueue = R"lua(
local seen = {}
for b = 0, #ARGV - 8, 8 do
  local id = ARGV[b + 1]
  if seen[id] or redis.call('EXISTS', 'qbt_rules:jobs:' .. id) == 1 then return 0 end
  seen[id] = true
end
for b = 0, #ARGV - 8, 8 do
  local id, status, context, instance = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 8]
  redis.call('HSET', 'qbt_rules:jobs:' .. id, 'job_id', id, 'status', status, 'context', context,
    'hash', ARGV[b + 4], 'created_at', ARGV[b + 5], 'started_at', '', 'completed_at', '',
    'result', '', 'error', '', 'document', ARGV[b + 6], 'instance', instance)
  redis.call('SADD', 'qbt_rules:jobs:status:' .. status, id)
  if context ~= '' then redis.call('SADD', 'qbt_rules:jobs:context:' .. context, id) end
  redis.call('ZADD', 'qbt_rules:jobs:by_time', ARGV[b + 7], id)
  if instance ~= '' then redis.call('SADD', 'qbt_rules:instances', instance) end
  if status == 'pending' then redis.call('LPUSH', pending_key(instance), id) end
end
return 1
)lua";

// After RPOPLPUSH moved id to the processing list. ARGV: id document started_at
// -> 1 marked, 0 the job was gone or not pending (dropped from the processing list)
inline constexpr const char* kMarkProcessing = R"lua(
local id = ARGV[1]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if old == 'processing' and document_of(key) == ARGV[2] then return 1 end
if old ~= 'pending' then
  redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
  return 0
end
redis.call('SREM', 'qbt_rules:jobs:status:pending', id)
redis.call('SADD', 'qbt_rules:jobs:status:processing', id)
redis.call('HSET', key, 'status', 'processing', 'started_at', ARGV[3], 'document', ARGV[2])
return 1
)lua";

// ARGV: id status context hash document started_at completed_at result error
// -> 1 updated, 0 unknown id
inline constexpr const char* kUpdate = R"lua(
local id = ARGV[1]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return 0 end
local old_context = redis.call('HGET', key, 'context') or ''
local was_deferred = redis.call('ZREM', deferred_key_of(id), id) == 1  -- an update ends a wait
redis.call('SREM', 'qbt_rules:jobs:status:' .. old, id)
redis.call('SADD', 'qbt_rules:jobs:status:' .. ARGV[2], id)
if old_context ~= ARGV[3] then
  if old_context ~= '' then redis.call('SREM', 'qbt_rules:jobs:context:' .. old_context, id) end
  if ARGV[3] ~= '' then redis.call('SADD', 'qbt_rules:jobs:context:' .. ARGV[3], id) end
end
redis.call('HSET', key, 'status', ARGV[2], 'context', ARGV[3], 'hash', ARGV[4], 'document', ARGV[5],
  'started_at', ARGV[6], 'completed_at', ARGV[7], 'result', ARGV[8], 'error', ARGV[9])
if ARGV[2] ~= 'processing' then redis.call('LREM', 'qbt_rules:queue:processing', 0, id) end
redis.call('HSET', key, 'not_before', '')
if ARGV[2] ~= 'pending' then
  if old == 'pending' then redis.call('LREM', pending_key_of(id), 0, id) end
elseif old ~= 'pending' or was_deferred then redis.call('LPUSH', pending_key_of(id), id) end
return 1
)lua";

// Back to pending at the head (the end RPOPLPUSH takes from). ARGV: id document
// -> 1 done, 0 unknown id
inline constexpr const char* kRequeue = R"lua(
local id = ARGV[1]
local key = 'qbt_rules:jobs:' .. id
local old = redis.call('HGET', key, 'status')
if not old then return 0 end
redis.call('SREM', 'qbt_rules:jobs:status:' .. old, id)
redis.call('SADD', 'qbt_rules:jobs:status:pending', id)
redis.call('HSET', key, 'status', 'pending', 'started_at', '', 'document', ARGV[2], 'not_before', '')
redis.call('ZREM', deferred_key_of(id), id)
redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
redis.call('LREM', pending_key_of(id), 0, id)
redis.call('RPUSH', pending_key_of(id), id)
return 1
)lua";

// ARGV: id expected_document new_document completed_at
// -> {'ok'} | {'missing'} | {'state', status} | {'changed'} (document moved on: retry)
inline constexpr const char* kCancel = R"lua(
local id = ARGV[1]
local key = 'qbt_rules:jobs:' .. id
local status = redis.call('HGET', key, 'status')
if not status then return {'missing'} end
local document = document_of(key)
if status == 'cancelled' and document == ARGV[3] then return {'ok'} end
if status ~= 'pending' then return {'state', status} end
if document ~= ARGV[2] then return {'changed'} end
if redis.call('LREM', pending_key_of(id), 0, id) == 0 and redis.call('ZREM', deferred_key_of(id), id) == 0 then
  return {'state', 'processing'}
end
redis.call('SREM', 'qbt_rules:jobs:status:pending', id)
redis.call('SADD', 'qbt_rules:jobs:status:cancelled', id)
redis.call('HSET', key, 'status', 'cancelled', 'completed_at', ARGV[4], 'document', ARGV[3])
return {'ok'}
)lua";

// ARGV: status-or-"" context-or-"" offset limit [instance-or-""] -> {total, document...} newest first
inline constexpr const char* kList = R"lua(
local offset, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
local instance = ARGV[5] or ''
if instance ~= '' then
  -- Only kEnqueue stores jobs, and it adds every instance name it stores to
  -- qbt_rules:instances. With no name but "default" there, every job is the default
  -- instance's and the filter needs no scan (the scan below reads each job's hash:
  -- measured 1.2 s for 200,000 jobs, Redis blocked meanwhile, five times per /api/stats).
  local others = false
  for _, name in ipairs(redis.call('SMEMBERS', 'qbt_rules:instances')) do
    if name ~= 'default' then others = true; break end
  end
  if not others then
    if instance ~= 'default' then return {0} end
    instance = ''
  end
end
-- A count of one status or one context is that set's size: no intersection to build
-- (the same count kStats gives).
if limit == 0 and instance == '' then
  if ARGV[2] == '' and ARGV[1] ~= '' then return {redis.call('SCARD', 'qbt_rules:jobs:status:' .. ARGV[1])} end
  if ARGV[1] == '' and ARGV[2] ~= '' then return {redis.call('SCARD', 'qbt_rules:jobs:context:' .. ARGV[2])} end
end
local source = 'qbt_rules:jobs:by_time'
local sets = {}
if ARGV[1] ~= '' then table.insert(sets, 'qbt_rules:jobs:status:' .. ARGV[1]) end
if ARGV[2] ~= '' then table.insert(sets, 'qbt_rules:jobs:context:' .. ARGV[2]) end
local temp = nil
if #sets > 0 then
  temp = 'qbt_rules:tmp:list'
  local args = {'ZINTERSTORE', temp, 1 + #sets, source}
  for _, s in ipairs(sets) do table.insert(args, s) end
  table.insert(args, 'WEIGHTS')
  table.insert(args, 1)
  for _ = 1, #sets do table.insert(args, 0) end
  redis.call(unpack(args))
  source = temp
end
local out = {}
if instance == '' then
  out = {redis.call('ZCARD', source)}
  if limit > 0 then
    for _, id in ipairs(redis.call('ZREVRANGE', source, offset, offset + limit - 1)) do
      local document = document_of('qbt_rules:jobs:' .. id)
      if document then table.insert(out, document) end
    end
  end
else
  -- Only this instance's jobs (no index: a scan of what the other filters left; a job
  -- stored without an instance is the "default" instance's).
  local matched = 0
  out = {0}
  for _, id in ipairs(redis.call('ZREVRANGE', source, 0, -1)) do
    local owner = redis.call('HGET', 'qbt_rules:jobs:' .. id, 'instance')
    if not owner or owner == '' then owner = 'default' end
    if owner == instance then
      if matched >= offset and matched < offset + limit then
        local document = document_of('qbt_rules:jobs:' .. id)
        if document then table.insert(out, document) end
      end
      matched = matched + 1
    end
  end
  out[1] = matched
end
if temp then redis.call('DEL', temp) end
return out
)lua";

// Finished jobs created before ARGV[1] (unix micros) -> number removed
inline constexpr const char* kCleanup = R"lua(
local removed = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', 'qbt_rules:jobs:by_time', '-inf', '(' .. ARGV[1])) do
  local key = 'qbt_rules:jobs:' .. id
  local status = redis.call('HGET', key, 'status')
  if status == 'completed' or status == 'failed' or status == 'cancelled' or not status then
    if status then
      local context = redis.call('HGET', key, 'context') or ''
      redis.call('SREM', 'qbt_rules:jobs:status:' .. status, id)
      if context ~= '' then redis.call('SREM', 'qbt_rules:jobs:context:' .. context, id) end
      redis.call('DEL', key)
      removed = removed + 1
    end
    redis.call('ZREM', 'qbt_rules:jobs:by_time', id)
  end
end
return removed
)lua";

// -> {pending, processing, completed, failed, cancelled, length of every pending list}
inline constexpr const char* kStats = R"lua(
local out = {}
for _, s in ipairs({'pending', 'processing', 'completed', 'failed', 'cancelled'}) do
  table.insert(out, redis.call('SCARD', 'qbt_rules:jobs:status:' .. s))
end
local waiting = redis.call('LLEN', 'qbt_rules:queue:pending')
for _, instance in ipairs(redis.call('SMEMBERS', 'qbt_rules:instances')) do
  if instance ~= 'default' then waiting = waiting + redis.call('LLEN', pending_key(instance)) end
end
table.insert(out, waiting)
return out
)lua";

// Jobs taken but not finished: the processing list (oldest taken first) plus any
// job whose status is processing -> {document...}
inline constexpr const char* kOrphans = R"lua(
local ids, seen, out = {}, {}, {}
local taken = redis.call('LRANGE', 'qbt_rules:queue:processing', 0, -1)
for i = #taken, 1, -1 do
  if not seen[taken[i]] then seen[taken[i]] = true; table.insert(ids, taken[i]) end
end
for _, id in ipairs(redis.call('SMEMBERS', 'qbt_rules:jobs:status:processing')) do
  if not seen[id] then seen[id] = true; table.insert(ids, id) end
end
for _, id in ipairs(ids) do
  local document = document_of('qbt_rules:jobs:' .. id)
  if document then table.insert(out, document) else
    redis.call('LREM', 'qbt_rules:queue:processing', 0, id)
  end
end
return out
)lua";

}  // namespace qbt::queue_plugin::scripts
