local redeemed = ARGV[8] == '1' and redis.call('EXISTS', KEYS[3]) == 1
local rejection = check(KEYS[1], KEYS[2], redeemed, KEYS[5], ARGV[3], ARGV[4], ARGV[7], ARGV[8], ARGV[9], 0)
if rejection then return {'rejected', rejection} end
if tonumber(ARGV[3]) < 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4]) end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[6])
return {'held', ARGV[1]}
