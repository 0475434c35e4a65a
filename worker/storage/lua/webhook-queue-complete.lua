local owned = 0
if ARGV[1] ~= '' then owned = redis.call('ZREM', KEYS[1], ARGV[1]) end
local f = ARGV[2] .. ':'
if ARGV[3] == 'canceled' then
  if owned == 1 then redis.call('HSET', KEYS[2], f .. 'status', 'canceled', f .. 'next', '', f .. 'pending', '') end
  return 0
end
local n = redis.call('HINCRBY', KEYS[2], f .. 'attempts', 1)
redis.call('LPUSH', KEYS[3], ARGV[4] .. n .. ARGV[5])
redis.call('LTRIM', KEYS[3], 0, 99)
redis.call('PEXPIRE', KEYS[3], ARGV[8])
if ARGV[3] == 'succeeded' then
  local pending = redis.call('HGET', KEYS[2], f .. 'pending')
  if pending and pending ~= '' then redis.call('ZREM', KEYS[1], pending) end
  redis.call('HSET', KEYS[2], f .. 'status', 'succeeded', f .. 'next', '', f .. 'pending', '')
elseif owned == 1 and ARGV[3] == 'retry_scheduled' then
  redis.call('ZADD', KEYS[1], ARGV[7], ARGV[6])
  redis.call('HSET', KEYS[2], f .. 'status', 'pending', f .. 'next', ARGV[7], f .. 'pending', ARGV[6])
elseif owned == 1 or ARGV[3] == 'endpoint_disabled' then
  local pending = redis.call('HGET', KEYS[2], f .. 'pending')
  if pending and pending ~= '' then redis.call('ZREM', KEYS[1], pending) end
  redis.call('HSET', KEYS[2], f .. 'status', 'failed', f .. 'next', '', f .. 'pending', '')
end
return n
