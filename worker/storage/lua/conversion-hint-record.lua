if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
if redis.call('HINCRBY', KEYS[2], 'received', 1) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return 1
