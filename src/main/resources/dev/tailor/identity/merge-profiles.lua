-- Merges one customer's profile into another's in one atomic step, if neither changed since the merge was worked
-- out (the caller read both, combined them with ProfileMerge and retries when this answers 0).
-- KEYS[1] survivor facts hash, [2] merged facts hash, [3] survivor identifiers set, [4] merged identifiers set,
--     [5] the identity journal list, [6] survivor applied messageIds, [7] merged applied messageIds (sorted sets,
--     see apply-event.lua), [8] the survivor id's own link (tailor:id:{survivor id}).
-- ARGV[1] survivor version read, [2] merged version read, [3] survivor id, [4] the merged profile's own
--     identifier ("a:<id>" or "u:<id>"), [5] journal entry, [6] what an identifier's link key starts with
--     (tailor:id:{, IdentifierKeys.LINK_PREFIX), then the combined fields as name/value pairs.
-- IdentityLinker builds these as a MergeProfilesCall, which checks them first.
-- Every identifier of the merged profile then links to the survivor (ARGV[6], the identifier and '}'), so that its
-- later events and renders land there; the messageIds it applied join the survivor's, so a redelivery is still
-- counted once (each keeps its time; the set keeps the later of both expiries).
-- Refused with an error reply before anything is written: other key counts, fewer than 6 arguments or an unpaired
-- field, versions that are not whole numbers, an empty survivor id, an own identifier without "a:" or "u:", an empty
-- link key prefix, a field 'v' or starting with 'd' among the combined ones (the script keeps those), a key of
-- another type.
-- Returns 1 when merged, 0 when either profile changed meanwhile.
-- Identity owns this script although it writes facts' keys (named by FactsStore, combined by ProfileMerge): the facts
-- and the links must move in one step, or an event applied in between would land on a profile about to be deleted.
if #KEYS ~= 8 then
  return refuse('expects 8 keys')
end
if #ARGV < 6 or (#ARGV - 6) % 2 ~= 0 then
  return refuse('expects 6 arguments and field name/value pairs')
end
if not whole(ARGV[1], 0, 2 ^ 53) or not whole(ARGV[2], 0, 2 ^ 53) then
  return refuse('ARGV[1] and ARGV[2] (versions) must be whole numbers from 0 to 2^53')
end
if ARGV[3] == '' then
  return refuse('ARGV[3] (survivor id) must not be empty')
end
if #ARGV[4] < 3 or not string.match(ARGV[4], '^[au]:') then
  return refuse('ARGV[4] (own identifier) must be "a:<id>" or "u:<id>"')
end
if ARGV[6] == '' then
  return refuse('ARGV[6] (link key prefix) must not be empty')
end
for i = 7, #ARGV, 2 do
  if ARGV[i] == 'v' or string.sub(ARGV[i], 1, 1) == 'd' then
    return refuse('ARGV[' .. i .. "] (field) must not be 'v' or start with 'd'")
  end
end
local wrong = mistyped({ 'hash', 'hash', 'set', 'set', 'list', 'zset', 'zset', 'string' })
if wrong then
  return refuse(wrong)
end

local survivor_v = redis.call('HGET', KEYS[1], 'v') or '0'
local merged_v = redis.call('HGET', KEYS[2], 'v') or '0'
if survivor_v ~= ARGV[1] or merged_v ~= ARGV[2] or redis.call('EXISTS', KEYS[8]) == 1 then
  return 0
end
-- The survivor's decisions (fields starting with 'd') stay as they are now, since they may have been recorded
-- after the caller read them; the merged one's go.
local decisions = {}
local survivor = redis.call('HGETALL', KEYS[1])
for i = 1, #survivor, 2 do
  if string.sub(survivor[i], 1, 1) == 'd' then
    decisions[#decisions + 1] = survivor[i]
    decisions[#decisions + 1] = survivor[i + 1]
  end
end
local identifiers = redis.call('SMEMBERS', KEYS[4])

redis.call('DEL', KEYS[1])
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
for i = 1, #decisions, 2 do
  redis.call('HSET', KEYS[1], decisions[i], decisions[i + 1])
end
redis.call('HSET', KEYS[1], 'v', tonumber(survivor_v) + tonumber(merged_v) + 1)
redis.call('DEL', KEYS[2])

if redis.call('EXISTS', KEYS[7]) == 1 then
  local expires = math.max(redis.call('PTTL', KEYS[6]), redis.call('PTTL', KEYS[7]))
  redis.call('ZUNIONSTORE', KEYS[6], 2, KEYS[6], KEYS[7], 'AGGREGATE', 'MAX')
  if expires > 0 then
    redis.call('PEXPIRE', KEYS[6], expires)
  end
  redis.call('DEL', KEYS[7])
end

identifiers[#identifiers + 1] = ARGV[4]
for _, identifier in ipairs(identifiers) do
  redis.call('SET', ARGV[6] .. string.sub(identifier, 3) .. '}', ARGV[3])
  redis.call('SADD', KEYS[3], identifier)
end
redis.call('DEL', KEYS[4])
redis.call('LPUSH', KEYS[5], ARGV[5])
return 1
