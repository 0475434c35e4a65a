if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], 'status', 'pending', 'client', ARGV[3], 'expires', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
