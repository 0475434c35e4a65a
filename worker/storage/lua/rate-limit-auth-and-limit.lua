local record = ''
if ARGV[1] == '1' then record = redis.call('GET', KEYS[1]) or '' end
local ttl = tonumber(ARGV[2])
local allowed = 1
local counts = {}
for i = 2, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ttl) end
  if n > tonumber(ARGV[i + 1]) then allowed = 0 end
  counts[#counts + 1] = n
end
return {record, allowed, unpack(counts)}
