local a = 3
for i = 1, #KEYS, 3 do
  local n = tonumber(ARGV[a]); a = a + 1
  if redis.call('EXISTS', KEYS[i]) == 1 then
    for j = 1, n do
      redis.call('HINCRBY', KEYS[i + 1], ARGV[a], ARGV[a + 1])
      redis.call('HINCRBY', KEYS[i + 2], 'widget:' .. ARGV[a], ARGV[a + 1])
      a = a + 2
    end
    redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
    redis.call('EXPIRE', KEYS[i + 2], ARGV[2])
  else
    a = a + n * 2
  end
end
return 1
