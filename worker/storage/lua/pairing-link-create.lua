redis.call('HSET', KEYS[1], 'status', 'confirmed', 'expires', ARGV[1], 'merchant', ARGV[2], 'mode', ARGV[3],
  'program', ARGV[4], 'advocate', ARGV[5], 'bound', ARGV[7])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
