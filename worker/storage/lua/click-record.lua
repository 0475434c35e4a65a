local function log(row)
  if redis.call('RPUSH', KEYS[15], row) == 1 then redis.call('EXPIRE', KEYS[15], ARGV[6]) end
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  -- Not counted again, but kept: the visitor was sent on with this click id, and a conversion
  -- reporting it must find it. Counted as filtered only the first time (not on a retry).
  if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then
    for i = 12, 14 do
      if redis.call('HINCRBY', KEYS[i], 'filtered:duplicate', 1) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[6]) end
    end
    if redis.call('HINCRBY', KEYS[10], 'filtered:duplicate', 1) == 1 then redis.call('EXPIRE', KEYS[10], ARGV[7]) end
    log(ARGV[9])
  end
  return 0
end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 2 end
local first = false
for i = 3, 5 do
  if redis.call('HINCRBY', KEYS[i], 'clicks', 1) == 1 then first = true end
  redis.call('HINCRBY', KEYS[i], 'trigger:' .. ARGV[5], 1)
end
for i = 6, 8 do redis.call('PFADD', KEYS[i], ARGV[4]) end
redis.call('HINCRBY', KEYS[9], 'clicks', 1)
if redis.call('HINCRBY', KEYS[10], 'clicks', 1) == 1 then
  redis.call('EXPIRE', KEYS[10], ARGV[7])
  redis.call('EXPIRE', KEYS[11], ARGV[7])
end
redis.call('PFADD', KEYS[11], ARGV[4])
log(ARGV[8])
if first then
  for i = 3, 8 do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
end
return 1
