local current = redis.call('GET', KEYS[1])
if not current then return 0 end
-- ARGV[1] is the member `"token":"…"` as the caller writes it: compared with the decoded record's
-- token, never searched for in the record's text (a stored response body holds any text).
local token = cjson.decode(current).token
if type(token) == 'string' and '"token":"' .. token .. '"' == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
