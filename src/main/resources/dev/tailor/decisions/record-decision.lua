-- Records a customer's decision if it was made from the latest facts and is not older than the one recorded,
-- and answers the segments recorded before it, so that each change is seen by exactly one writer.
-- KEYS[1] the customer's facts hash (read only: its version 'v'), KEYS[2] the decision hash (same hash tag).
-- ARGV[1] facts version the decision was made from, [2] the moment it was made for (ms), [3] its segments.
-- Returns {1, had a decision (0/1), previous segments, change still to announce or ''} when recorded, {0} when
-- stale. A change is kept in field 'p' from before it is published until Kafka has it, so a failed publication is
-- retried on the customer's next decision instead of lost.
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then
  return { 0 }
end
local recorded = redis.call('HMGET', KEYS[2], 'v', 'at', 's', 'p')
if recorded[1] and tonumber(recorded[1]) == version and tonumber(recorded[2]) > tonumber(ARGV[2]) then
  return { 0 }
end
redis.call('HSET', KEYS[2], 'v', ARGV[1], 'at', ARGV[2], 's', ARGV[3])
if recorded[3] then
  return { 1, 1, recorded[3], recorded[4] or '' }
end
return { 1, 0, '', recorded[4] or '' }
