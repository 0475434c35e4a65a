-- Takes at most the balance from a customer's credit once per reference: the balance never goes
-- negative, whatever runs at the same time. A spend (`spend:{order}`, no requirement) takes at most
-- ARGV[5] and writes nothing when the balance is empty. A revoke (`revoke:{reward}:{target}`, requiring
-- `grant:{reward}`) brings that grant's credit down to ARGV[5]: the shortfall (already spent) is
-- recorded as `owed`. Reply: status ('new' | 'existing' | 'missing' | 'empty'), the entry's JSON.
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then return { 'existing', redis.call('HGET', KEYS[2], existing) } end
local asked = tonumber(ARGV[5])
local currency = ARGV[4]
local net = false
if ARGV[2] ~= '' then
  local required = redis.call('HGET', KEYS[3], ARGV[2])
  if not required then return { 'missing', '' } end
  currency = cjson.decode(redis.call('HGET', KEYS[2], required)).currency
  net = 'net:' .. ARGV[2]
  local now = tonumber(redis.call('HGET', KEYS[3], net) or '0')
  if now <= asked then return { 'empty', '' } end
  redis.call('HSET', KEYS[3], net, asked)
  asked = now - asked
end
local balance = tonumber(redis.call('HGET', KEYS[1], currency) or '0')
local take = math.min(asked, balance)
if take <= 0 and not net then return { 'empty', '' } end
local after = balance
if take > 0 then after = redis.call('HINCRBY', KEYS[1], currency, -take) end
local entry = cjson.encode({ id = ARGV[3], object = 'credit_entry', kind = ARGV[6], amount = -take,
  currency = currency, reference = ARGV[7], balance_after = after, owed = asked - take, created_at = ARGV[8] })
redis.call('HSET', KEYS[2], ARGV[3], entry)
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[4], 0, ARGV[3])
return { 'new', entry }
