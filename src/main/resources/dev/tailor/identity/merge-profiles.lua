-- Merges one customer's profile into another's in one atomic step, if neither changed since the merge was worked
-- out (the caller read both, combined them with ProfileMerge and retries when this answers 0).
-- KEYS[1] survivor facts hash, [2] merged facts hash, [3] survivor applied set, [4] merged applied set,
--     [5] survivor identifiers set, [6] merged identifiers set, [7] the identity journal list.
-- ARGV[1] survivor version read, [2] merged version read, [3] survivor id, [4] the merged profile's own
--     identifier ("a:<id>" or "u:<id>"), [5] dedup window (ms), [6] journal entry, then the combined fields as
--     name/value pairs.
-- Every identifier of the merged profile then links to the survivor (tailor:id:{identifier}), so that its later
-- events and renders land there; the messageIds it applied stay known, so a redelivery is still counted once.
-- Returns 1 when merged, 0 when either profile changed meanwhile.
local survivor_v = redis.call('HGET', KEYS[1], 'v') or '0'
local merged_v = redis.call('HGET', KEYS[2], 'v') or '0'
if survivor_v ~= ARGV[1] or merged_v ~= ARGV[2] or redis.call('EXISTS', 'tailor:id:{' .. ARGV[3] .. '}') == 1 then
  return 0
end
redis.call('DEL', KEYS[1])
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'v', tonumber(survivor_v) + tonumber(merged_v) + 1)
redis.call('DEL', KEYS[2])

redis.call('ZUNIONSTORE', KEYS[3], 2, KEYS[3], KEYS[4], 'AGGREGATE', 'MAX')
redis.call('DEL', KEYS[4])
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end

local identifiers = redis.call('SMEMBERS', KEYS[6])
identifiers[#identifiers + 1] = ARGV[4]
for _, identifier in ipairs(identifiers) do
  redis.call('SET', 'tailor:id:{' .. string.sub(identifier, 3) .. '}', ARGV[3])
  redis.call('SADD', KEYS[5], identifier)
end
redis.call('DEL', KEYS[6])
redis.call('LPUSH', KEYS[7], ARGV[6])
return 1
