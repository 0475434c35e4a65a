local code = redis.call('GET', KEYS[1])
if not code then return {'', '', '', ''} end
local vars = {
  mode = string.match(code, '"mode":"([^"]*)"'),
  merchant = string.match(code, '"merchant_id":"([^"]*)"'),
  program = string.match(code, '"program_id":"([^"]*)"'),
  advocate = string.match(code, '"advocate_id":"([^"]*)"'),
}
local function key(template) return (string.gsub(template, '{(%w+)}', vars)) end
local p = redis.call('GET', key(ARGV[1])) or ''
local a = redis.call('GET', key(ARGV[2])) or ''
local m = redis.call('GET', key(ARGV[3])) or ''
return {code, p, a, m}
