local a = 0
local function arg() a = a + 1; return ARGV[a] end
local function key() return KEYS[tonumber(arg())] end
-- KEYS[1] marks this very changeset as applied: the client's retry after a dropped answer
-- must not be taken for a conflict (and then re-read and applied a second time). Claimed first
-- (one command where a check and a later write took two) and given back on a conflict, which
-- applies nothing.
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', 600) then return {1, 'replayed'} end
local function conflict(k)
  redis.call('DEL', KEYS[1])
  return {0, k}
end
-- Counter increments come first in ARGV, so that a guarded hash is read once (one HMGET) with
-- the fields this change then increments in it (the advocate's ledger: guarded and counted).
local incrs, incrFields = {}, {}
for i = 1, tonumber(arg()) do
  local k, ttl, n = key(), tonumber(arg()), tonumber(arg())
  local fields, bys = {}, {}
  for j = 1, n do fields[j] = arg(); bys[j] = arg() end
  incrs[i] = {k, ttl, fields, bys}
  incrFields[k] = fields
end
local guards, guarded, read = {}, {}, {}
for i = 1, tonumber(arg()) do
  local k, field, min, max = key(), arg(), tonumber(arg()), tonumber(arg())
  guards[i] = {k, field, min, max}
  if not guarded[k] then
    guarded[k] = {}
    for _, f in ipairs(incrFields[k] or {}) do guarded[k][#guarded[k] + 1] = f end
  end
  table.insert(guarded[k], field)
end
for k, fields in pairs(guarded) do
  local values = redis.call('HMGET', k, unpack(fields))
  read[k] = {}
  for j, f in ipairs(fields) do read[k][f] = values[j] end
end
for _, g in ipairs(guards) do
  local v = tonumber(read[g[1]][g[2]] or '0')
  if v < g[3] or v > g[4] then return conflict(g[1]) end
end
-- Compare-and-set: every record that must still be what was read is read in one MGET (Upstash
-- bills each command, so one read however many records the change guards).
local writes, checked, expect = {}, {}, {}
for i = 1, tonumber(arg()) do
  local k, expected, value, ttl = key(), arg(), arg(), tonumber(arg())
  if expected ~= '*' then
    checked[#checked + 1] = k
    expect[#expect + 1] = expected
  end
  writes[i] = {k, value, ttl}
end
if #checked > 0 then
  local current = redis.call('MGET', unpack(checked))
  for i = 1, #checked do
    local c, e = current[i], expect[i]
    if (e == '' and c) or (e ~= '' and c ~= e) then return conflict(checked[i]) end
  end
end
-- Writes without a lifetime go in one MSET, deletions in one DEL; a key written twice keeps its last write.
local last, mset, del = {}, {}, {}
for i, w in ipairs(writes) do last[w[1]] = i end
for i, w in ipairs(writes) do
  if last[w[1]] == i then
    if w[2] == '' then del[#del + 1] = w[1]
    elseif w[3] > 0 then redis.call('SET', w[1], w[2], 'EX', w[3])
    else mset[#mset + 1] = w[1]; mset[#mset + 1] = w[2] end
  end
end
if #del > 0 then redis.call('DEL', unpack(del)) end
if #mset > 0 then redis.call('MSET', unpack(mset)) end
-- A counter hash that starts here starts its lifetime (these hashes hold one window each); once
-- per key and script. One field: HINCRBY (new field, new window). Several fields of one hash
-- (the analytics hashes take 4 to 8 per conversion): one HMGET and one HSET, the window new when
-- none of them existed yet.
local expired = {}
local function expire(k, ttl)
  if ttl > 0 and not expired[k] then
    expired[k] = true
    redis.call('EXPIRE', k, ttl)
  end
end
local function incr(k, field, by, ttl)
  if redis.call('HINCRBY', k, field, by) == tonumber(by) then expire(k, ttl) end
end
for _, inc in ipairs(incrs) do
  local k, ttl, fields, bys = inc[1], inc[2], inc[3], inc[4]
  local known = read[k]
  if #fields == 1 and not known then
    incr(k, fields[1], bys[1], ttl)
  else
    local current = {}
    if known then
      for j, f in ipairs(fields) do current[j] = known[f] end
    else
      current = redis.call('HMGET', k, unpack(fields))
    end
    local set, fresh = {}, true
    for j = 1, #fields do
      if current[j] then fresh = false end
      set[#set + 1] = fields[j]
      set[#set + 1] = string.format('%.0f', (tonumber(current[j]) or 0) + tonumber(bys[j]))
    end
    redis.call('HSET', k, unpack(set))
    if fresh then expire(k, ttl) end
  end
end
-- Members of one key in one command each: ZADD, ZREM, SADD, HSET take many.
local function grouped(command, width)
  for i = 1, tonumber(arg()) do
    local k, m = key(), tonumber(arg())
    local rest = {}
    for j = 1, m * width do rest[j] = arg() end
    redis.call(command, k, unpack(rest))
  end
end
grouped('ZADD', 2)
grouped('ZREM', 1)
grouped('SADD', 1)
grouped('HSET', 2)
for i = 1, tonumber(arg()) do
  local k, member, by, ttl = key(), arg(), arg(), tonumber(arg())
  local score = tonumber(redis.call('ZINCRBY', k, by, member))
  -- A ranking keeps only members with something to rank (a refund can bring one back to 0).
  if score <= 0 then redis.call('ZREM', k, member)
  elseif score == tonumber(by) then expire(k, ttl) end
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
return {1, ''}
