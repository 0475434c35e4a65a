if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_advocate'} end
for i = 3, #KEYS do
  if redis.call('SET', KEYS[i], ARGV[1], 'NX') then
    redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i])
    return {'created', ARGV[i]}
  end
end
return {'no_code'}
