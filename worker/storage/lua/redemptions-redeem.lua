-- The order's redemption and the customer's in this program, in one read.
local read = redis.call('MGET', KEYS[1], KEYS[4])
local existing = read[1]
if existing then return {'existing', existing} end
local ownHold = 0
if ARGV[5] ~= '' then
  local expiry = redis.call('ZSCORE', KEYS[3], ARGV[5])
  local reservation = redis.call('GET', KEYS[6])
  if not expiry or tonumber(expiry) <= tonumber(ARGV[4]) or not reservation
    or cjson.decode(reservation).customer ~= ARGV[6] then
    return {'rejected', 'reservation_not_found'}
  end
  ownHold = 1
end
local redeemed = read[2] ~= false
local rejection = check(KEYS[2], KEYS[3], redeemed, KEYS[7], ARGV[3], ARGV[4], ARGV[6], ARGV[7], ARGV[8], ownHold)
if rejection then return {'rejected', rejection} end
redis.call('INCR', KEYS[2])
redis.call('MSET', KEYS[5], ARGV[2], KEYS[1], ARGV[1], KEYS[4], ARGV[1])
redis.call('SADD', KEYS[7], ARGV[6])
countInCohort('redemptions', 1, 8, 9)
if ownHold == 1 then
  redis.call('ZREM', KEYS[3], ARGV[5])
  redis.call('DEL', KEYS[6])
end
return {'created', ARGV[1]}
