local current = redis.call('GET', KEYS[1])
-- Already applied (the client retried after a dropped answer): the new JSON carries this
-- request's own time, so it matches only this very refund.
if current == ARGV[2] then return 1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
countInCohort('reversals', 1, 4, 5)
if ARGV[3] == '1' then
  if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
  if redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
end
return 1
