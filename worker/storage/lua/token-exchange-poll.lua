local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then return {'missing'} end
if redis.call('HGET', KEYS[1], 'status') == 'pending' then
  local last = tonumber(redis.call('HGET', KEYS[1], 'polled') or '0')
  redis.call('HSET', KEYS[1], 'polled', ARGV[1])
  if tonumber(ARGV[1]) - last < tonumber(ARGV[2]) then return {'slow_down'} end
end
return {'ok', h}
