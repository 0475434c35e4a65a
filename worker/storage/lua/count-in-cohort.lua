local function countInCohort(field, by, firstKey, firstArg)
  for i = firstKey, #KEYS do
    if redis.call('HINCRBY', KEYS[i], field, by) == by then
      redis.call('EXPIRE', KEYS[i], ARGV[firstArg + i - firstKey])
    end
  end
end
