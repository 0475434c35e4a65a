-- `redeemed`: whether the customer has redeemed in this program (its key read by the caller).
local function check(uses, holds, redeemed, known, maxUses, now, customer, onePer, newOnly, ownHold)
  if onePer == '1' and redeemed then return 'already_redeemed_by_customer' end
  if newOnly == '1' and redis.call('SISMEMBER', known, customer) == 1 then return 'not_new_customer' end
  local max = tonumber(maxUses)
  if max >= 0 then
    -- Live holds count against a limit only: a code without one skips them (the hold script
    -- drops expired holds of every code, so none piles up).
    redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
    local used = tonumber(redis.call('GET', uses) or '0')
    local held = redis.call('ZCARD', holds) - ownHold
    if used + held >= max then return 'usage_limit_reached' end
  end
  return nil
end
