-- One change of a customer's points in a program, atomic: the balance never goes negative and always
-- equals the sum of the unspent lots. First, lots past their expiry are expired (an `expire` entry each),
-- then ARGV[1] says what to do:
--   earn    (`earn:{reward}`): a lot of ARGV[5] points named by the reward, lapsing at ARGV[9] (0: never).
--   revoke  (`revoke:{reward}:{target}`, requires `earn:{reward}`): that reward's points down to ARGV[5],
--           taken from its own lot first, then the oldest; what is already spent is recorded as `owed`.
--   redeem  (`redeem:{redemption}`): ARGV[5] points from the oldest lots, or nothing when fewer are left;
--           the redemption record (ARGV[10]) is written with the entry.
--   expire  (no reference): only the expiry.
-- A reference already applied answers its entry (and redemption) and changes nothing.
-- Reply: status ('new' | 'existing' | 'missing' | 'empty' | 'insufficient'), the entry's JSON (''),
-- the redemption's JSON (''), then the JSON of each `expire` entry written.
local op, ref, requires, base = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local points, reference, at, now = tonumber(ARGV[5]), ARGV[6], ARGV[7], tonumber(ARGV[8])
if ref ~= '' then
  local existing = redis.call('HGET', KEYS[1], ref)
  if existing then
    local found = { 'existing', redis.call('HGET', KEYS[2], existing), '' }
    if op == 'redeem' then found[3] = redis.call('HGET', KEYS[5], reference) or '' end
    return found
  end
end

local ALPHA = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
-- Entry ids: the base (time first) and 3 more characters, so this call's entries sort in order.
local function idOf(n)
  local a, b, c = math.floor(n / 1024) % 32 + 1, math.floor(n / 32) % 32 + 1, n % 32 + 1
  return base .. ALPHA:sub(a, a) .. ALPHA:sub(b, b) .. ALPHA:sub(c, c)
end
local balance = tonumber(redis.call('HGET', KEYS[1], 'balance') or '0')
local before = balance
local function record(id, kind, change, name, owed)
  local entry = cjson.encode({ id = id, object = 'points_entry', kind = kind, points = change, reference = name,
    balance_after = balance, owed = owed, created_at = at })
  redis.call('HSET', KEYS[2], id, entry)
  redis.call('ZADD', KEYS[3], 0, id)
  return entry
end
local function drop(lot)
  redis.call('ZREM', KEYS[4], lot)
  redis.call('HDEL', KEYS[1], 'lot:' .. lot, 'exp:' .. lot)
end

local reply = { 'new', '', '' }
for _, lot in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  local exp = tonumber(redis.call('HGET', KEYS[1], 'exp:' .. lot) or '0')
  if exp > 0 and exp <= now then
    local left = tonumber(redis.call('HGET', KEYS[1], 'lot:' .. lot) or '0')
    drop(lot)
    if left > 0 then
      balance = balance - left
      reply[#reply + 1] = record(idOf(#reply - 3), 'expire', -left, lot, 0)
    end
  end
end

-- Takes up to `amount` from the lots: `first` (a reward's own lot) before the oldest.
local function take(amount, first)
  local order = redis.call('ZRANGE', KEYS[4], 0, -1)
  if first and redis.call('ZSCORE', KEYS[4], first) then table.insert(order, 1, first) end
  local taken = 0
  for _, lot in ipairs(order) do
    if taken >= amount then break end
    local left = tonumber(redis.call('HGET', KEYS[1], 'lot:' .. lot) or '0')
    local part = math.min(left, amount - taken)
    if part > 0 then
      if part == left then drop(lot) else redis.call('HSET', KEYS[1], 'lot:' .. lot, left - part) end
      taken = taken + part
    end
  end
  balance = balance - taken
  return taken
end

local id = idOf(32767)
if op == 'earn' then
  balance = balance + points
  redis.call('ZADD', KEYS[4], now, reference)
  redis.call('HSET', KEYS[1], 'lot:' .. reference, points, 'net:' .. ref, points)
  if tonumber(ARGV[9]) > 0 then redis.call('HSET', KEYS[1], 'exp:' .. reference, ARGV[9]) end
  redis.call('SADD', KEYS[6], ARGV[11])
  reply[2] = record(id, 'earn', points, reference, 0)
elseif op == 'revoke' then
  if not redis.call('HGET', KEYS[1], requires) then reply[1] = 'missing'
  else
    local net = tonumber(redis.call('HGET', KEYS[1], 'net:' .. requires) or '0')
    if net <= points then reply[1] = 'empty'
    else
      redis.call('HSET', KEYS[1], 'net:' .. requires, points)
      local taken = take(net - points, reference)
      reply[2] = record(id, 'revoke', -taken, reference, net - points - taken)
    end
  end
elseif op == 'redeem' then
  if balance < points then reply[1] = 'insufficient'
  else
    take(points, false)
    reply[2] = record(id, 'redeem', -points, reference, 0)
    local redemption = cjson.decode(ARGV[10])
    redemption.balance_after = balance
    redemption.entry_id = id
    reply[3] = cjson.encode(redemption)
    redis.call('HSET', KEYS[5], reference, reply[3])
  end
else
  reply[1] = 'empty'
end
if reply[2] ~= '' then redis.call('HSET', KEYS[1], ref, id) end
-- Nothing written when nothing changed: reading a stranger's points stores nothing.
if balance ~= before then redis.call('HSET', KEYS[1], 'balance', balance) end
return reply
