-- Applies a consumer batch's counters once per event id, and answers each event's decision, also for
-- events applied before (so a retried batch writes the same rows). event-counters.ts builds the plan.
local plan = cjson.decode(ARGV[1])
local DEDUPE_MS = tonumber(ARGV[2])
local CHUNK = 2000 -- fields per command: unpack() is limited by Lua's C stack (about 8000)

local function chunked(cmd, key, list, step)
  local replies = {}
  for i = 1, #list, step do
    local reply = redis.call(cmd, key, unpack(list, i, math.min(i + step - 1, #list)))
    if type(reply) == 'table' then for _, v in ipairs(reply) do replies[#replies + 1] = v end end
  end
  return replies
end

-- 1. Read every mark the events need: `_` (the hash exists), event ids, dedupe and first-visit fields.
local marks, isNew, wanted = {}, {}, {}
for i = 1, #plan.m do wanted[i] = { '_' } end
for _, e in ipairs(plan.e) do
  local w = wanted[e[1]]
  w[#w + 1] = e[2]
  if e[4] ~= '' then w[#w + 1] = e[4] end
  for _, f in ipairs(e[6]) do w[#w + 1] = f[1] end
end
for i, m in ipairs(plan.m) do
  local values = chunked('HMGET', KEYS[m[1]], wanted[i], CHUNK)
  marks[i] = {}
  for j, field in ipairs(wanted[i]) do
    if values[j] then marks[i][field] = values[j] end
  end
  isNew[i] = not marks[i]['_']
end

-- 2. Decide each event in order; add what the new ones count.
local sums, order, pf, written, out = {}, {}, {}, {}, {}
local function add(c, field, n)
  local s = sums[c]
  if not s then s = {}; sums[c] = s; order[#order + 1] = c end
  if not s[field] then s[field] = 0; s[#s + 1] = field end
  s[field] = s[field] + n
end
local function mark(i, field, value)
  marks[i][field] = value
  local w = written[i]
  if not w then w = {}; written[i] = w end
  w[#w + 1] = field
  w[#w + 1] = value
end
for k, e in ipairs(plan.e) do
  local mk = marks[e[1]]
  local d = mk[e[2]]
  if not d then
    local at = e[5]
    if e[3] == 'f' then
      d = 'f'
    else
      local seen = mk[e[4]]
      d = (seen and math.abs(at - tonumber(seen)) < DEDUPE_MS) and 'd' or 'c'
    end
    if d == 'c' then
      for _, f in ipairs(e[6]) do
        if not mk[f[1]] then mark(e[1], f[1], '1'); add(f[2], 'visitors', 1) end
      end
      local seen = tonumber(mk[e[4]])
      if not seen or seen < at then mark(e[1], e[4], string.format('%d', at)) end
      for _, h in ipairs(e[8]) do
        pf[h[1]] = pf[h[1]] or {}
        table.insert(pf[h[1]], h[2])
      end
    end
    for _, a in ipairs(d == 'd' and e[9] or e[7]) do add(a[1], a[2], 1) end
    mark(e[1], e[2], d)
  end
  out[k] = d
end

-- 3. Write the marks; a new hash gets its `_` and its TTL.
for i, m in ipairs(plan.m) do
  local w = written[i]
  if w then
    if isNew[i] then w[#w + 1] = '_'; w[#w + 1] = '1' end
    chunked('HSET', KEYS[m[1]], w, CHUNK)
    if isNew[i] then redis.call('EXPIRE', KEYS[m[1]], m[2]) end
  end
end

-- 4. Counters: HINCRBY for one or two fields, else HMGET + HSET; EXPIRE when every field was new.
local fresh = {}
for _, c in ipairs(order) do
  local s, key, ttl = sums[c], KEYS[plan.c[c][1]], plan.c[c][2]
  local new = true
  if #s <= 2 then
    for _, field in ipairs(s) do
      if redis.call('HINCRBY', key, field, s[field]) ~= s[field] then new = false end
    end
  else
    local was = redis.call('HMGET', key, unpack(s))
    local set = {}
    for j, field in ipairs(s) do
      if was[j] then new = false end
      set[#set + 1] = field
      set[#set + 1] = string.format('%d', (tonumber(was[j]) or 0) + s[field])
    end
    redis.call('HSET', key, unpack(set))
  end
  fresh[c] = new
  if new and ttl > 0 then redis.call('EXPIRE', key, ttl) end
end

-- 5. HyperLogLogs: one PFADD each; the TTL is set when its companion counter hash was new.
for h, values in pairs(pf) do
  local spec = plan.h[h]
  chunked('PFADD', KEYS[spec[1]], values, CHUNK)
  if fresh[spec[3]] then redis.call('EXPIRE', KEYS[spec[1]], spec[2]) end
end
return out
