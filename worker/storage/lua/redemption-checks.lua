local function check(uses, holds, customerRedeemed, known, maxUses, now, customer, onePer, newOnly, ownHold)
  redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
  if onePer == '1' and redis.call('EXISTS', customerRedeemed) == 1 then return 'already_redeemed_by_customer' end
  if newOnly == '1' and redis.call('SISMEMBER', known, customer) == 1 then return 'not_new_customer' end
  local max = tonumber(maxUses)
  if max >= 0 then
    local used = tonumber(redis.call('GET', uses) or '0')
    local held = redis.call('ZCARD', holds) - ownHold
    if used + held >= max then return 'usage_limit_reached' end
  end
  return nil
end
