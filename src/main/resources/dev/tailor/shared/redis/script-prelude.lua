-- What every Tailor script starts with (RedisScript puts it, after a line naming the script in SCRIPT_NAME, before
-- the script's own text): the checks by which a script refuses a call it cannot use, before it reads or writes
-- anything, with an error reply naming the script and what it refuses.
local MAX_EPOCH_MS = 253402300799999 -- 9999-12-31T23:59:59.999Z

local function refuse(what)
  return redis.error_reply('ERR ' .. SCRIPT_NAME .. ': ' .. what)
end

-- A whole number written in decimal (at most 20 characters) within [low, high], else nil.
local function whole(text, low, high)
  if type(text) ~= 'string' or #text > 20 or not string.match(text, '^%-?%d+$') then
    return nil
  end
  local x = tonumber(text)
  if x < low or x > high then
    return nil
  end
  return x
end

-- A finite number within [-bound, bound] (Lua also reads hex, 'inf' and 'nan'), else nil.
local function finite(text, bound)
  local x = type(text) == 'string' and #text <= 64 and tonumber(text)
  if not x or x ~= x or x < -bound or x > bound then
    return nil
  end
  return x
end

-- What is wrong with the keys' types, each KEYS[i] being of type expected[i] or absent; nil when nothing is.
local function mistyped(expected)
  for i, kind in ipairs(expected) do
    local found = redis.call('TYPE', KEYS[i]).ok
    if found ~= kind and found ~= 'none' then
      return 'KEYS[' .. i .. '] must be a ' .. kind
    end
  end
  return nil
end
