-- Adds to a customer's credit once per reference (`grant:{reward}` or `restore:{order}`). With a
-- required entry (`spend:{order}` for a restore) the amount is what that entry took, and nothing
-- happens without it. `net:{ref}` keeps what the reference's credit stands at (a revoke lowers it).
-- Reply: status ('new' | 'existing' | 'missing'), the entry's JSON.
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then return { 'existing', redis.call('HGET', KEYS[2], existing) } end
local amount = tonumber(ARGV[5])
local currency = ARGV[4]
if ARGV[2] ~= '' then
  local required = redis.call('HGET', KEYS[3], ARGV[2])
  if not required then return { 'missing', '' } end
  local taken = cjson.decode(redis.call('HGET', KEYS[2], required))
  amount = -taken.amount
  currency = taken.currency
end
local after = redis.call('HINCRBY', KEYS[1], currency, amount)
local entry = cjson.encode({ id = ARGV[3], object = 'credit_entry', kind = ARGV[6], amount = amount,
  currency = currency, reference = ARGV[7], balance_after = after, owed = 0, created_at = ARGV[8] })
redis.call('HSET', KEYS[2], ARGV[3], entry)
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3], 'net:' .. ARGV[1], amount)
redis.call('ZADD', KEYS[4], 0, ARGV[3])
return { 'new', entry }
