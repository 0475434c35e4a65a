-- Moves a customer's points records in every program (state, entries, ledger, lots, redemptions) and their
-- set of programs to the keys of another name (an erased person's marker), in one step: no earn or
-- redemption can land between the read and the delete. ARGV[1] is the programs the caller read, joined by
-- ',' in order: when the set no longer matches (points in a new program meanwhile), nothing moves and the
-- reply is -1 (read again). Records already under the new name (a repeat erasure) are merged: balances add
-- up. Redemption records name the customer: they are rewritten with ARGV[2], the marker.
-- KEYS: 1 programs (SET), 2 the marker's programs, then per program 5 keys of the person and 5 of the marker.
-- Reply: how many ledger entries moved.
local members = redis.call('SMEMBERS', KEYS[1])
table.sort(members)
if table.concat(members, ',') ~= ARGV[1] then return -1 end
local moved = 0
local function mergeHash(from, to, i)
  local fields = redis.call('HGETALL', from)
  for j = 1, #fields, 2 do
    local field, value = fields[j], fields[j + 1]
    if i == 1 and field == 'balance' then redis.call('HINCRBY', to, field, value)
    else
      if i == 5 then
        local r = cjson.decode(value)
        r.external_id = ARGV[2]
        value = cjson.encode(r)
      end
      redis.call('HSET', to, field, value)
    end
  end
end
for p = 0, (#KEYS - 2) / 10 - 1 do
  local base = 2 + p * 10
  moved = moved + redis.call('HLEN', KEYS[base + 2])
  for i = 1, 5 do
    local from, to = KEYS[base + i], KEYS[base + 5 + i]
    if redis.call('EXISTS', from) == 1 then
      if i == 3 or i == 4 then
        local scored = redis.call('ZRANGE', from, 0, -1, 'WITHSCORES')
        for j = 1, #scored, 2 do redis.call('ZADD', to, scored[j + 1], scored[j]) end
      else
        mergeHash(from, to, i)
      end
      redis.call('DEL', from)
    end
  end
end
if #members > 0 then
  redis.call('SADD', KEYS[2], unpack(members))
  redis.call('DEL', KEYS[1])
end
return moved
