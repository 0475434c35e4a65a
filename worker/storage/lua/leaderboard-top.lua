local D, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local function union(from, to)
  local scores = {}
  if to < from then return scores end
  local args = {'ZUNION', to - from + 1}
  for i = from, to do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'WITHSCORES'
  local flat = redis.call(unpack(args))
  for i = 1, #flat, 2 do scores[flat[i]] = tonumber(flat[i + 1]) end
  return scores
end
local conversions = union(1, D)
local revenue = union(D + 1, #KEYS)
local rank, other = conversions, revenue
if ARGV[3] == 'revenue' then rank, other = revenue, conversions end
local rows = {}
for member, score in pairs(rank) do
  if score > 0 then rows[#rows + 1] = {member, score, other[member] or 0} end
end
table.sort(rows, function(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  if a[3] ~= b[3] then return a[3] > b[3] end
  return a[1] < b[1]
end)
local out = {}
for i = 1, math.min(limit, #rows) do
  local r = rows[i]
  local c, v = r[2], r[3]
  if ARGV[3] == 'revenue' then c, v = r[3], r[2] end
  out[#out + 1] = {r[1], c, v}
end
return out
