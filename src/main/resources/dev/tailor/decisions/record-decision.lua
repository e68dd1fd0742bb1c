-- Records a customer's decision if it was made from the latest facts and is not older than the one recorded,
-- and answers the segments recorded before it, so that each change is seen by exactly one writer.
-- KEYS[1] the customer's facts hash: its version 'v' is read, and the decision is kept in it, in field
-- 'd:<rule set>' as "<facts version>:<moment>:<segments>" (the version and the moment in epoch ms in base 36,
-- segments one per line). A field instead of a hash of its own saves the key's ~100 bytes. It is the only key, so
-- the call stays in the customer's slot of a Redis Cluster.
-- ARGV[1] facts version the decision was made from, [2] the moment it was made for (ms), both in base 36,
--     [3] its segments' codes, one per line, [4] the rule set. A segment is recorded as the first 5 hex digits of its
--     name's SHA-1, named in tailor:segments, or as "=<name>" when another name holds that code: SegmentCodes
--     registers the names before the call and reads them back from the codes this script answers.
-- DecisionStateStore builds these as a RecordDecisionCall, which checks them first.
-- Returns {1, had a decision (0/1), previous segments' codes, change still to announce or ''} when recorded, {0} when
-- stale, or when the customer has no facts at all (an id merged into another or erased meanwhile: a field would
-- make a facts hash of its own, and reads would stop following its link). A change is kept in field
-- 'dp:<rule set>' from before it is published until Kafka has it, so a failed publication is retried on the
-- customer's next decision instead of lost.
-- Refused with an error reply before anything is written: other key or argument counts, a version or moment that
-- is not 1 to 11 base-36 digits (up to 36^11, past 2^53 only for a corrupt caller), an empty rule set, a key of
-- another type. A recorded decision that cannot be read counts as none (it is overwritten).
if #KEYS ~= 1 or #ARGV ~= 4 then
  return refuse('expects 1 key and 4 arguments')
end
for i = 1, 2 do
  if #ARGV[i] > 11 or not string.match(ARGV[i], '^[0-9a-z]+$') then
    return refuse('ARGV[' .. i .. '] (facts version, moment) must be 1 to 11 base-36 digits')
  end
end
if ARGV[4] == '' then
  return refuse('ARGV[4] (rule set) must not be empty')
end
local wrong = mistyped({ 'hash' })
if wrong then
  return refuse(wrong)
end
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
  local recorded_v, recorded_moment = tonumber(recorded_version or '', 36), tonumber(recorded_at or '', 36)
  if not recorded_v or not recorded_moment then
    recorded_segments = nil
  elseif recorded_v == version and recorded_moment > at then
    return { 0 }
  end
end

redis.call('HSET', KEYS[1], field, ARGV[1] .. ':' .. ARGV[2] .. ':' .. ARGV[3])
if recorded_segments then
  return { 1, 1, recorded_segments, recorded[2] or '' }
end
return { 1, 0, '', recorded[2] or '' }
