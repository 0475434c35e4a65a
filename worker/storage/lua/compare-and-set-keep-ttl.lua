-- compare-and-set.lua for records that expire: the rewritten record keeps the time it had left
-- (a scrubbed webhook envelope still goes after its 30 days, an idempotent answer after its 25 h).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
