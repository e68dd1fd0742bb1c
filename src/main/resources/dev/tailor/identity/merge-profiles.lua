-- Merges one customer's profile into another's in one atomic step, if neither changed since the merge was worked
-- out (the caller read both, combined them with ProfileMerge and retries when this answers 0).
-- KEYS[1] survivor facts hash, [2] merged facts hash, [3] survivor identifiers set, [4] merged identifiers set,
--     [5] the identity journal list.
-- ARGV[1] survivor version read, [2] merged version read, [3] survivor id, [4] the merged profile's own
--     identifier ("a:<id>" or "u:<id>"), [5] journal entry, then the combined fields as name/value pairs.
-- Every identifier of the merged profile then links to the survivor (tailor:id:{identifier}), so that its later
-- events and renders land there; the messageIds it applied stay known, so a redelivery is still counted once.
-- Returns 1 when merged, 0 when either profile changed meanwhile.
local survivor_v = redis.call('HGET', KEYS[1], 'v') or '0'
local merged_v = redis.call('HGET', KEYS[2], 'v') or '0'
if survivor_v ~= ARGV[1] or merged_v ~= ARGV[2] or redis.call('EXISTS', 'tailor:id:{' .. ARGV[3] .. '}') == 1 then
  return 0
end
-- Both profiles' applied messageIds (field 'a', binary groups by hour, see apply-event.lua) are kept side by side:
-- a group leaves when its hour has left the dedup window, whichever profile it came from. The survivor's decisions (fields starting with
-- 'd') stay as they are now, since they may have been recorded after the caller read them; the merged one's go.
local applied = (redis.call('HGET', KEYS[1], 'a') or '') .. (redis.call('HGET', KEYS[2], 'a') or '')
local decisions = {}
local survivor = redis.call('HGETALL', KEYS[1])
for i = 1, #survivor, 2 do
  if string.sub(survivor[i], 1, 1) == 'd' then
    decisions[#decisions + 1] = survivor[i]
    decisions[#decisions + 1] = survivor[i + 1]
  end
end
redis.call('DEL', KEYS[1])
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if #decisions > 0 then
  redis.call('HSET', KEYS[1], unpack(decisions))
end
redis.call('HSET', KEYS[1], 'v', tonumber(survivor_v) + tonumber(merged_v) + 1)
if applied ~= '' then
  redis.call('HSET', KEYS[1], 'a', applied)
end
redis.call('DEL', KEYS[2])

local identifiers = redis.call('SMEMBERS', KEYS[4])
identifiers[#identifiers + 1] = ARGV[4]
for _, identifier in ipairs(identifiers) do
  redis.call('SET', 'tailor:id:{' .. string.sub(identifier, 3) .. '}', ARGV[3])
  redis.call('SADD', KEYS[3], identifier)
end
redis.call('DEL', KEYS[4])
redis.call('LPUSH', KEYS[5], ARGV[5])
return 1
