-- Records a customer's decision if it was made from the latest facts and is not older than the one recorded,
-- and answers the segments recorded before it, so that each change is seen by exactly one writer.
-- KEYS[1] the customer's facts hash: its version 'v' is read, and the decision is kept in it, in field
-- 'd:<rule set>' as "<facts version>:<moment>:<segments>" (the version and the moment in epoch ms in base 36,
-- segments one per line). A field instead of a hash of its own saves the key's ~100 bytes.
-- ARGV[1] facts version the decision was made from, [2] the moment it was made for (ms), both in base 36,
--     [3] its segments, [4] the rule set.
-- Returns {1, had a decision (0/1), previous segments, change still to announce or ''} when recorded, {0} when
-- stale, or when the customer has no facts at all (an id merged into another or erased meanwhile: a field would
-- make a facts hash of its own, and reads would stop following its link). A change is kept in field
-- 'dp:<rule set>' from before it is published until Kafka has it, so a failed publication is retried on the
-- customer's next decision instead of lost.
local stored_version = redis.call('HGET', KEYS[1], 'v')
local version, at = tonumber(ARGV[1], 36), tonumber(ARGV[2], 36)
if not stored_version or tonumber(stored_version) ~= version then
  return { 0 }
end
local field = 'd:' .. ARGV[4]
local recorded = redis.call('HMGET', KEYS[1], field, 'dp:' .. ARGV[4])
local recorded_version, recorded_at, recorded_segments
if recorded[1] then
  recorded_version, recorded_at, recorded_segments = string.match(recorded[1], '^(%w+):(%w+):(.*)$')
  if tonumber(recorded_version, 36) == version and tonumber(recorded_at, 36) > at then
    return { 0 }
  end
end

redis.call('HSET', KEYS[1], field, ARGV[1] .. ':' .. ARGV[2] .. ':' .. ARGV[3])
if recorded_segments then
  return { 1, 1, recorded_segments, recorded[2] or '' }
end
return { 1, 0, '', recorded[2] or '' }
