local a = 0
local function arg() a = a + 1; return ARGV[a] end
local function key() return KEYS[tonumber(arg())] end
-- KEYS[1] marks this very changeset as applied: the client's retry after a dropped answer
-- must not be taken for a conflict (and then re-read and applied a second time).
if redis.call('EXISTS', KEYS[1]) == 1 then return {1, 'replayed'} end
for i = 1, tonumber(arg()) do
  local k, field, min, max = key(), arg(), tonumber(arg()), tonumber(arg())
  local v = tonumber(redis.call('HGET', k, field) or '0')
  if v < min or v > max then return {0, k} end
end
local writes = {}
for i = 1, tonumber(arg()) do
  local k, expected, value, ttl = key(), arg(), arg(), tonumber(arg())
  if expected ~= '*' then
    local current = redis.call('GET', k)
    if expected == '' then
      if current then return {0, k} end
    elseif current ~= expected then
      return {0, k}
    end
  end
  writes[i] = {k, value, ttl}
end
for _, w in ipairs(writes) do
  if w[2] == '' then redis.call('DEL', w[1])
  elseif w[3] > 0 then redis.call('SET', w[1], w[2], 'EX', w[3])
  else redis.call('SET', w[1], w[2]) end
end
-- A counter that starts here starts its hash's lifetime (these hashes hold one window each);
-- once per key and script, however many of its fields start.
local expired = {}
local function incr(k, field, by, ttl)
  if redis.call('HINCRBY', k, field, by) == tonumber(by) and ttl > 0 and not expired[k] then
    expired[k] = true
    redis.call('EXPIRE', k, ttl)
  end
end
for i = 1, tonumber(arg()) do
  local k, field, by, ttl = key(), arg(), arg(), tonumber(arg())
  incr(k, field, by, ttl)
end
for i = 1, tonumber(arg()) do
  local k, score, member = key(), arg(), arg()
  redis.call('ZADD', k, score, member)
end
for i = 1, tonumber(arg()) do
  local k, member = key(), arg()
  redis.call('ZREM', k, member)
end
for i = 1, tonumber(arg()) do
  local k, member = key(), arg()
  redis.call('SADD', k, member)
end
for i = 1, tonumber(arg()) do
  local k, field, value = key(), arg(), arg()
  redis.call('HSET', k, field, value)
end
for i = 1, tonumber(arg()) do
  local k, member, by, ttl = key(), arg(), arg(), tonumber(arg())
  local score = tonumber(redis.call('ZINCRBY', k, by, member))
  -- A ranking keeps only members with something to rank (a refund can bring one back to 0).
  if score <= 0 then redis.call('ZREM', k, member)
  elseif score == tonumber(by) and ttl > 0 and not expired[k] then
    expired[k] = true
    redis.call('EXPIRE', k, ttl)
  end
end
-- Counters that count an occurrence once, however often it is reported: the marker is claimed
-- with them (a marker already there means they were counted by an earlier changeset).
for i = 1, tonumber(arg()) do
  local marker, ttl, n = key(), tonumber(arg()), tonumber(arg())
  local first = redis.call('SET', marker, '1', 'NX', 'EX', ttl)
  for j = 1, n do
    local k, field, by, kttl = key(), arg(), arg(), tonumber(arg())
    if first then incr(k, field, by, kttl) end
  end
end
redis.call('SET', KEYS[1], '1', 'EX', 600)
return {1, ''}
