local link = redis.call('GET', KEYS[1])
if not link then return '' end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return link
