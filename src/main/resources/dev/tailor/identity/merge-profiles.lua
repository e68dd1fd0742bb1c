-- Adds a merged customer's frozen profile to its survivor's, in the survivor's slot: one step of a merge (see
-- IdentityLinker and ADR 0012), written only if the survivor did not change since the caller combined both profiles
-- (ProfileMerge), and at most once per merged customer (KEYS[5] remembers it until the merge is committed), so a
-- merge resumed after a node died never counts the merged profile's facts twice.
-- KEYS[1] survivor facts hash, [2] survivor applied messageIds (sorted set, see apply-event.lua), [3] survivor
--     identifiers set, [4] the survivor id's own link (tailor:id:{survivor id}), [5] the customers merged into the
--     survivor whose merge is not committed yet (tailor:c:{survivor}:merged), [6] the identity journal of the slot.
-- ARGV[1] survivor version read, [2] merged version, [3] merged customer id, [4] journal entry, [5] how long the
--     merged applied messageIds still had to live (ms, 0 for no expiry), [6] their number N, then N pairs of a
--     messageId digest (12 hex digits, as apply-event.lua takes it) and its score, then the number K of the merged
--     customer's identifiers, K identifiers ("a:", "u:" or "e:" and the value), then the combined fields as
--     name/value pairs.
-- IdentityLinker builds these as a MergeProfilesCall, which checks them first.
-- The survivor's decisions (fields starting with 'd') stay as they are now, since they may have been recorded after
-- the caller read them; the messageIds join the survivor's, each keeping the later time, so a redelivery is still
-- counted once.
-- Returns 1 when merged, 0 when this merged customer was added before, -1 when the survivor was itself merged into
-- another meanwhile, -2 when the survivor changed since it was read.
-- Refused with an error reply before anything is written: other key counts, versions, expiry or counts that are not
-- whole numbers in range, an empty merged id, a digest that is not 12 hex digits, a score that is not a finite
-- number, an identifier without "a:", "u:" or "e:", an unpaired field or one that is 'v' or starts with 'd', a key
-- of another type.
if #KEYS ~= 6 then
  return refuse('expects 6 keys')
end
if #ARGV < 7 then
  return refuse('expects at least 7 arguments')
end
if not whole(ARGV[1], 0, 2 ^ 53) or not whole(ARGV[2], 0, 2 ^ 53) then
  return refuse('ARGV[1] and ARGV[2] (versions) must be whole numbers from 0 to 2^53')
end
if ARGV[3] == '' then
  return refuse('ARGV[3] (merged id) must not be empty')
end
local ttl = whole(ARGV[5], 0, 2 ^ 53)
if not ttl then
  return refuse('ARGV[5] (expiry) must be whole milliseconds from 0 to 2^53')
end
local applied = whole(ARGV[6], 0, (#ARGV - 6) / 2)
if not applied then
  return refuse('ARGV[6] (messageIds) must be a whole number no larger than the arguments allow')
end
for i = 7, 6 + 2 * applied, 2 do
  if #ARGV[i] ~= 12 or not string.match(ARGV[i], '^%x+$') then
    return refuse('ARGV[' .. i .. '] (messageId digest) must be 12 hex digits')
  end
  if not finite(ARGV[i + 1], 2 ^ 53) then
    return refuse('ARGV[' .. (i + 1) .. '] (score) must be a finite number')
  end
end
local at = 7 + 2 * applied
local identifiers = whole(ARGV[at], 0, #ARGV - at)
if not identifiers then
  return refuse('ARGV[' .. at .. '] (identifiers) must be a whole number no larger than the arguments allow')
end
for i = at + 1, at + identifiers do
  if #ARGV[i] < 3 or not string.match(ARGV[i], '^[aue]:') then
    return refuse('ARGV[' .. i .. '] (identifier) must be "a:", "u:" or "e:" and a value')
  end
end
local fields = at + identifiers + 1
if (#ARGV - fields + 1) % 2 ~= 0 then
  return refuse('field names and values must come in pairs')
end
for i = fields, #ARGV, 2 do
  if ARGV[i] == 'v' or string.sub(ARGV[i], 1, 1) == 'd' then
    return refuse('ARGV[' .. i .. "] (field) must not be 'v' or start with 'd'")
  end
end
local wrong = mistyped({ 'hash', 'zset', 'set', 'string', 'set', 'list' })
if wrong then
  return refuse(wrong)
end

if redis.call('EXISTS', KEYS[4]) == 1 then
  return -1
end
if redis.call('SISMEMBER', KEYS[5], ARGV[3]) == 1 then
  return 0
end
local survivor_v = redis.call('HGET', KEYS[1], 'v') or '0'
if survivor_v ~= ARGV[1] then
  return -2
end
local decisions = {}
local survivor = redis.call('HGETALL', KEYS[1])
for i = 1, #survivor, 2 do
  if string.sub(survivor[i], 1, 1) == 'd' then
    decisions[#decisions + 1] = survivor[i]
    decisions[#decisions + 1] = survivor[i + 1]
  end
end
redis.call('DEL', KEYS[1])
for i = fields, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
for i = 1, #decisions, 2 do
  redis.call('HSET', KEYS[1], decisions[i], decisions[i + 1])
end
redis.call('HSET', KEYS[1], 'v', tonumber(survivor_v) + tonumber(ARGV[2]) + 1)

if applied > 0 then
  local expires = redis.call('PTTL', KEYS[2])
  for i = 7, 6 + 2 * applied, 2 do
    local digest = (string.gsub(ARGV[i], '%x%x', function(hex)
      return string.char(tonumber(hex, 16))
    end))
    redis.call('ZADD', KEYS[2], 'GT', ARGV[i + 1], digest)
  end
  if ttl > 0 and expires ~= -1 then
    redis.call('PEXPIRE', KEYS[2], math.max(ttl, expires))
  end
end
for i = at + 1, at + identifiers do
  redis.call('SADD', KEYS[3], ARGV[i])
end
redis.call('SADD', KEYS[5], ARGV[3])
redis.call('LPUSH', KEYS[6], ARGV[4])
return 1
