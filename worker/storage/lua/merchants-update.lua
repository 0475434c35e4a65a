if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'conflict'} end
local claims = tonumber(ARGV[4])
for i = 2, claims + 1 do
  local owner = redis.call('GET', KEYS[i])
  if owner and owner ~= ARGV[3] then return {'taken', KEYS[i]} end
end
for i = 2, claims + 1 do redis.call('SET', KEYS[i], ARGV[3]) end
for i = claims + 2, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[3] then redis.call('DEL', KEYS[i]) end
end
redis.call('SET', KEYS[1], ARGV[2])
return {'ok'}
