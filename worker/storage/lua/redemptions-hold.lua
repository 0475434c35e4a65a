local rejection = check(KEYS[1], KEYS[2], KEYS[3], KEYS[5], ARGV[3], ARGV[4], ARGV[7], ARGV[8], ARGV[9], 0)
if rejection then return {'rejected', rejection} end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[6])
return {'held', ARGV[1]}
