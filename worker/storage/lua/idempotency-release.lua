local current = redis.call('GET', KEYS[1])
if current and string.find(current, ARGV[1], 1, true) then redis.call('DEL', KEYS[1]) return 1 end
return 0
