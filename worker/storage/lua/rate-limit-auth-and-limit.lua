local record = ''
if ARGV[1] == '1' then record = redis.call('GET', KEYS[1]) or '' end
local ttl = tonumber(ARGV[2])
local buckets = #ARGV - 2
local allowed = 1
local reply = {record, 0}
for i = 2, buckets + 1 do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ttl) end
  if n > tonumber(ARGV[i + 1]) then allowed = 0 end
  reply[#reply + 1] = n
end
reply[2] = allowed
-- Records the request reads next whatever the key turns out to be (a code at checkout), read in
-- the same round trip; the caller uses them only once the key is good. Not read when over a limit.
for i = buckets + 2, #KEYS do
  reply[#reply + 1] = allowed == 1 and (redis.call('GET', KEYS[i]) or '') or ''
end
return reply
