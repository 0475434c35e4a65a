local H, U, Z = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local record = redis.call('GET', KEYS[1])
if not record then return {} end
local hashes = {}
for i = 2, 1 + H * U do hashes[#hashes + 1] = redis.call('HGETALL', KEYS[i]) end
local hll = 2 + H * U
local counts = {}
local k = hll
for b = 4, #ARGV do
  local n = tonumber(ARGV[b])
  counts[#counts + 1] = redis.call('PFCOUNT', unpack(KEYS, k, k + n - 1))
  k = k + n
end
local total = redis.call('PFCOUNT', unpack(KEYS, hll, hll + U - 1))
local repeaters = -1
if Z > 0 then
  local args = {'ZUNION', Z}
  for i = hll + U, hll + U + Z - 1 do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'WITHSCORES'
  local union = redis.call(unpack(args))
  repeaters = 0
  for i = 2, #union, 2 do
    if tonumber(union[i]) >= 2 then repeaters = repeaters + 1 end
  end
end
return {record, hashes, counts, total, repeaters}
