for i = 1, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('EXPIRE', KEYS[i], ARGV[i * 2]) end
  if n > tonumber(ARGV[i * 2 - 1]) then return 0 end
end
return 1
