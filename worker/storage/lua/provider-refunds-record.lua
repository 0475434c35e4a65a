-- One refund fact of a provider order (or its link to a conversion), and what is known then: the
-- conversion it is linked to and the refunded totals. Facts only grow (a refund's amount, a charge's
-- running total: the largest seen), so deliveries in any order, and again, give the same totals.
local refunds, link = KEYS[1], KEYS[2]
local kind, id, amount = ARGV[1], ARGV[2], tonumber(ARGV[3])
if kind == 'refund' or kind == 'charge' then
  local field = kind .. ':' .. id
  local seen = tonumber(redis.call('HGET', refunds, field) or '-1')
  if amount > seen then redis.call('HSET', refunds, field, amount) end
elseif kind == 'full' then
  redis.call('HSET', refunds, 'full', 1)
elseif kind == 'link' then
  redis.call('SET', link, id, 'NX')
end
local linked = redis.call('GET', link)
-- Facts of an order not (yet) linked wait for it a while; once linked they stay with the conversion.
if linked then redis.call('PERSIST', refunds) else redis.call('EXPIRE', refunds, ARGV[4]) end
local byRefund, byCharge, full = 0, 0, 0
local fields = redis.call('HGETALL', refunds)
for i = 1, #fields, 2 do
  local name, value = fields[i], tonumber(fields[i + 1])
  if name == 'full' then full = 1
  elseif string.sub(name, 1, 7) == 'refund:' then byRefund = byRefund + value
  else byCharge = byCharge + value end
end
return { linked or '', byRefund, byCharge, full }
