-- Counts a `charity_donation` reward in its month's statement, once by its id, at `target` (its amount
-- after refunds; 0 once voided). The first count adds the reward to its line (amount and reward count)
-- and names the tenant for that month's statement; later counts only ever lower it (refunds and voids
-- only shrink a reward), so counts applied in any order, or again, end at the least. Each lowering
-- takes from the line it was counted in. Reply: status ('new' | 'existing' | 'none'), amount counted now.
local was = redis.call('HGET', KEYS[1], ARGV[1])
local target = tonumber(ARGV[2])
local line = ARGV[3]
if was then
  was = tonumber(was)
  if target >= was then return { 'existing', was } end
  line = redis.call('HGET', KEYS[1], 'line:' .. ARGV[1])
else
  if target <= 0 then return { 'none', 0 } end
  was = 0
  redis.call('HSET', KEYS[1], 'line:' .. ARGV[1], line)
  redis.call('HINCRBY', KEYS[2], 'n:' .. line, 1)
  redis.call('ZADD', KEYS[3], 0, ARGV[1])
  redis.call('SADD', KEYS[4], ARGV[4])
end
redis.call('HSET', KEYS[1], ARGV[1], target)
redis.call('HINCRBY', KEYS[2], 'a:' .. line, target - was)
if target == 0 then redis.call('HINCRBY', KEYS[2], 'n:' .. line, -1) end
return { 'new', target }
