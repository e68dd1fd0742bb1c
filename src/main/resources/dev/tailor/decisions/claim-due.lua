-- Claims the customers whose due time has come, for a lease: each moves from the due-time index to the claims, scored
-- by the lease's end, so that no other sweeper takes it and, should this one die before finishing (release-pending.lua
-- on the claims), it goes back on the index when the lease ends. A claimed customer that its re-decision put back on
-- the index (its next change) is left there, unclaimed, until its claim is finished or lapses.
-- KEYS[1] the due-time index, KEYS[2] the claims. ARGV[1] now (ms), [2] the lease's end (ms), [3] how many at most.
-- DueClaims builds these as a ClaimDueCall, which checks them first.
-- Refused with an error reply before anything is written: other key or argument counts, times that are not whole
-- milliseconds from 0 to 253402300799999, a count that is not a whole number from 1 to 100000, a key not a sorted set.
-- Returns the claimed customer ids, earliest due first.
if #KEYS ~= 2 or #ARGV ~= 3 then
  return refuse('expects 2 keys and 3 arguments')
end
if not whole(ARGV[1], 0, MAX_EPOCH_MS) or not whole(ARGV[2], 0, MAX_EPOCH_MS) then
  return refuse('ARGV[1] and ARGV[2] (now, lease end) must be whole milliseconds from 0 to 253402300799999')
end
local limit = whole(ARGV[3], 1, 100000)
if not limit then
  return refuse('ARGV[3] (how many) must be a whole number from 1 to 100000')
end
local wrong = mistyped({ 'zset', 'zset' })
if wrong then
  return refuse(wrong)
end
-- Lapsed claims go back on the index, due when their lease ended (or earlier, if the index says so).
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, limit)
for i = 1, #lapsed, 2 do
  redis.call('ZADD', KEYS[1], 'LT', lapsed[i + 1], lapsed[i])
  redis.call('ZREM', KEYS[2], lapsed[i])
end
local claimed = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)) do
  if not redis.call('ZSCORE', KEYS[2], id) then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    claimed[#claimed + 1] = id
  end
end
return claimed
