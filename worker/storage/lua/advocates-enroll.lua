local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {'existing', existing} end
for i = 5, #KEYS do
  if redis.call('SET', KEYS[i], ARGV[4], 'NX') then
    redis.call('SET', KEYS[2], ARGV[3])
    redis.call('ZADD', KEYS[3], 0, ARGV[2])
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
    redis.call('ZADD', KEYS[4], ARGV[5], ARGV[i + 1])
    return {'created', ARGV[i + 1]}
  end
end
return {'no_code'}
