-- Replaces one element of a short list only if it is still there (compare-and-set for a list:
-- new entries are pushed concurrently, so an index read before may point elsewhere by now).
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for i, item in ipairs(items) do
  if item == ARGV[1] then
    redis.call('LSET', KEYS[1], i - 1, ARGV[2])
    return 1
  end
end
return 0
