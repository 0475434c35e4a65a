/**
 * `cjson` for the embedded engine: Redis and Upstash give every script `cjson.decode` and
 * `cjson.encode`, ioredis-mock's Lua VM (fengari) has no cjson, so scripts that read the JSON
 * records TypeScript writes would fail there. This is a small pure-Lua stand-in with cjson's
 * behaviour where the scripts can see it: `cjson.null` for JSON null, arrays as 1-based tables,
 * an empty table encoded as `{}`, `/` escaped, errors raised on malformed input. Written for
 * Lua 5.1 (Redis) and 5.3 (fengari) alike.
 *
 * No Lua comments inside: the body is joined into one line and put in front of a script's first
 * line, so the line numbers in the script's error messages stay right.
 */
const SOURCE = String.raw`
cjson = cjson or (function()
  local null = setmetatable({}, { __tostring = function() return 'null' end })
  local escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }
  local function fail(i, what) error('Expected ' .. what .. ' at character ' .. i, 0) end
  local function skip(s, i) return string.find(s, '[^ \t\r\n]', i) or #s + 1 end
  local function utf8(cp)
    if cp < 0x80 then return string.char(cp) end
    if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40) end
    if cp < 0x10000 then
      return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
    end
    return string.char(0xF0 + math.floor(cp / 0x40000), 0x80 + math.floor(cp / 0x1000) % 0x40,
      0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  local function hex4(s, i)
    local digits = string.match(s, '^%x%x%x%x', i)
    if not digits then fail(i, 'four hex digits') end
    return tonumber(digits, 16)
  end
  local function decodeString(s, i)
    local out, j = {}, i + 1
    while true do
      local k = string.find(s, '["\\]', j)
      if not k then fail(i, 'string end') end
      out[#out + 1] = string.sub(s, j, k - 1)
      if string.sub(s, k, k) == '"' then return table.concat(out), k + 1 end
      local c = string.sub(s, k + 1, k + 1)
      if c == 'u' then
        local cp = hex4(s, k + 2)
        j = k + 6
        if cp >= 0xD800 and cp < 0xDC00 and string.sub(s, j, j + 1) == '\\u' then
          local low = hex4(s, j + 2)
          if low >= 0xDC00 and low < 0xE000 then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (low - 0xDC00)
            j = j + 6
          end
        end
        out[#out + 1] = utf8(cp)
      elseif escapes[c] then
        out[#out + 1] = escapes[c]
        j = k + 2
      else
        fail(k, 'an escape')
      end
    end
  end
  local decodeValue
  local function decodeArray(s, i)
    local array, n = {}, 0
    i = skip(s, i + 1)
    if string.sub(s, i, i) == ']' then return array, i + 1 end
    while true do
      n = n + 1
      array[n], i = decodeValue(s, i)
      i = skip(s, i)
      local c = string.sub(s, i, i)
      if c == ']' then return array, i + 1 end
      if c ~= ',' then fail(i, 'comma or array end') end
      i = i + 1
    end
  end
  local function decodeObject(s, i)
    local object = {}
    i = skip(s, i + 1)
    if string.sub(s, i, i) == '}' then return object, i + 1 end
    while true do
      if string.sub(s, i, i) ~= '"' then fail(i, 'object key string') end
      local key
      key, i = decodeString(s, i)
      i = skip(s, i)
      if string.sub(s, i, i) ~= ':' then fail(i, 'colon') end
      object[key], i = decodeValue(s, i + 1)
      i = skip(s, i)
      local c = string.sub(s, i, i)
      if c == '}' then return object, i + 1 end
      if c ~= ',' then fail(i, 'comma or object end') end
      i = skip(s, i + 1)
    end
  end
  local literals = { ['true'] = true, ['false'] = false, ['null'] = null }
  decodeValue = function(s, i)
    i = skip(s, i)
    local c = string.sub(s, i, i)
    if c == '{' then return decodeObject(s, i) end
    if c == '[' then return decodeArray(s, i) end
    if c == '"' then return decodeString(s, i) end
    local word = string.match(s, '^%a+', i)
    if word and literals[word] ~= nil then return literals[word], i + #word end
    local number = string.match(s, '^-?%d+%.?%d*[eE]?[-+]?%d*', i)
    if number and tonumber(number) then return tonumber(number), i + #number end
    fail(i, 'value')
  end
  local function decode(s)
    if type(s) ~= 'string' then error('bad argument #1 to decode (string expected)', 0) end
    local value, i = decodeValue(s, 1)
    i = skip(s, i)
    if i <= #s then fail(i, 'the end') end
    return value
  end
  local controls = { ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
    ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
  local function encodeString(s)
    local escaped = string.gsub(s, '[%c"\\/]', function(c)
      return controls[c] or string.format('\\u%04x', string.byte(c))
    end)
    return '"' .. escaped .. '"'
  end
  local encodeValue
  local function encodeTable(t)
    local count, max = 0, 0
    for k in pairs(t) do
      if type(k) ~= 'number' or k < 1 or k ~= math.floor(k) then max = -1 break end
      count = count + 1
      if k > max then max = k end
    end
    local parts = {}
    if count > 0 and max == count then
      for i = 1, max do parts[i] = encodeValue(t[i]) end
      return '[' .. table.concat(parts, ',') .. ']'
    end
    for k, v in pairs(t) do
      if type(k) ~= 'string' and type(k) ~= 'number' then error('Cannot serialise table: bad key', 0) end
      parts[#parts + 1] = encodeString(tostring(k)) .. ':' .. encodeValue(v)
    end
    return '{' .. table.concat(parts, ',') .. '}'
  end
  encodeValue = function(v)
    if v == nil or v == null then return 'null' end
    local kind = type(v)
    if kind == 'boolean' then return tostring(v) end
    if kind == 'string' then return encodeString(v) end
    if kind == 'table' then return encodeTable(v) end
    if kind == 'number' then
      if v ~= v or v == math.huge or v == -math.huge then error('Cannot serialise number: not finite', 0) end
      if v == math.floor(v) and math.abs(v) < 1e15 then return string.format('%d', v) end
      return string.format('%.14g', v)
    end
    error('Cannot serialise ' .. kind, 0)
  end
  return { decode = decode, encode = encodeValue, null = null }
end)()
`;

/** The stand-in as one line (no trailing newline), to prefix a script's first line with. */
export const CJSON_PRELUDE = SOURCE.trim()
  .split('\n')
  .map((line) => line.trim())
  .join(' ');

/** A script as the embedded engine runs it: the stand-in first, on the script's own first line. */
export function withCjson(script: string): string {
  return `${CJSON_PRELUDE} ${script}`;
}
