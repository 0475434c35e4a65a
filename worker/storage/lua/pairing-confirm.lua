if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'missing'} end
local f = redis.call('HMGET', KEYS[2], 'status', 'expires', 'client', 'merchant', 'mode', 'program', 'advocate')
if not f[1] then return {'missing'} end
if f[1] ~= 'paired' and tonumber(f[2]) <= tonumber(ARGV[2]) then return {'expired'} end
if f[1] ~= 'pending' then
  if f[4] == ARGV[3] and f[5] == ARGV[4] and f[6] == ARGV[5] and f[7] == ARGV[6] then return {'confirmed', f[3]} end
  return {'taken'}
end
redis.call('HSET', KEYS[2], 'status', 'confirmed', 'merchant', ARGV[3], 'mode', ARGV[4], 'program', ARGV[5],
  'advocate', ARGV[6], 'bound', ARGV[2])
return {'confirmed', f[3]}
