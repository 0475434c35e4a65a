local f = redis.call('HMGET', KEYS[1], 'status', 'expires', 'advocate', 'box', 'bound')
if not f[1] then return {'missing'} end
if f[1] == 'paired' then return {'paired', f[4]} end
if f[1] ~= 'confirmed' or f[3] ~= ARGV[2] then return {'missing'} end
if tonumber(f[2]) <= tonumber(ARGV[1]) then return {'expired'} end
local revoked = redis.call('GET', KEYS[4])
if revoked and tonumber(f[5] or '0') <= tonumber(revoked) then return {'revoked'} end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[1], 'status', 'paired', 'box', ARGV[5], 'token', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {'paired', ARGV[5]}
