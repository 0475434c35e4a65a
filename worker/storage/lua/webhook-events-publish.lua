local subs = redis.call('HGETALL', KEYS[1])
local recorded, members = {}, {}
for i = 0, (#ARGV - 4) / 3 - 1 do
  local id, etype, body = ARGV[5 + i * 3], ARGV[6 + i * 3], ARGV[7 + i * 3]
  local dedupe, event, deliveries = KEYS[3 + i * 3], KEYS[4 + i * 3], KEYS[5 + i * 3]
  local targets = {}
  for j = 1, #subs, 2 do
    if string.find(',' .. subs[j + 1] .. ',', ',' .. etype .. ',', 1, true) then targets[#targets + 1] = subs[j] end
  end
  if #targets > 0 and redis.call('SET', dedupe, id, 'NX', 'PX', ARGV[2]) then
    redis.call('SET', event, body, 'PX', ARGV[2])
    for _, endpoint in ipairs(targets) do
      local member = ARGV[3] .. ':' .. endpoint .. ':' .. id .. ':1'
      redis.call('ZADD', KEYS[2], ARGV[1], member)
      redis.call('HSET', deliveries, endpoint .. ':status', 'pending', endpoint .. ':attempts', 0,
        endpoint .. ':next', ARGV[4], endpoint .. ':pending', member)
      members[#members + 1] = member
    end
    redis.call('PEXPIRE', deliveries, ARGV[2])
    recorded[#recorded + 1] = id
  end
end
return {recorded, members}
