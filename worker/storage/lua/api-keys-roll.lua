local current = redis.call('GET', KEYS[1]) or ''
if current == ARGV[2] then return 1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[5])
if ARGV[6] ~= '' then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[4], ARGV[6], ARGV[7])
end
return 1
