local code = redis.call('GET', KEYS[1])
if not code then return {'', '', '', ''} end
-- The record's owner and the ids it names fill the key templates (a record's `v` is not used).
local record = cjson.decode(code)
local vars = {
  mode = record.mode,
  merchant = record.merchant_id,
  program = record.program_id,
  advocate = record.advocate_id,
}
local function key(template) return (string.gsub(template, '{(%w+)}', vars)) end
local p = redis.call('GET', key(ARGV[1])) or ''
local a = redis.call('GET', key(ARGV[2])) or ''
local m = redis.call('GET', key(ARGV[3])) or ''
return {code, p, a, m}
