-- Moves a customer's credit records (balances, entries, references, ledger) to the keys of another name
-- (an erased person's marker), in one step: a spend or grant cannot land between the read and the delete.
-- Records already under the new name (a repeat erasure after new credit) are merged: balances add up.
local moved = redis.call('HLEN', KEYS[2])
for i = 1, 4 do
  local from, to = KEYS[i], KEYS[i + 4]
  if redis.call('EXISTS', from) == 1 then
    if redis.call('EXISTS', to) == 0 then
      redis.call('RENAME', from, to)
    elseif i == 4 then
      local ids = redis.call('ZRANGE', from, 0, -1)
      for _, id in ipairs(ids) do redis.call('ZADD', to, 0, id) end
      redis.call('DEL', from)
    else
      local fields = redis.call('HGETALL', from)
      for j = 1, #fields, 2 do
        if i == 1 then
          redis.call('HINCRBY', to, fields[j], fields[j + 1])
        else
          redis.call('HSET', to, fields[j], fields[j + 1])
        end
      end
      redis.call('DEL', from)
    end
  end
end
return moved
