-- Claims the customers waiting to be re-decided whose time has come, for a lease: their score moves to the lease's
-- end, so that another node does not take them and, should this one die before releasing them, they come back.
-- KEYS[1] the pending set. ARGV[1] now (ms), [2] the lease's end (ms), [3] how many at most.
-- PendingDecisions builds these as a ClaimPendingCall, which checks them first.
-- Refused with an error reply before anything is written: other key or argument counts, times that are not whole
-- milliseconds from 0 to 253402300799999, a count that is not a whole number from 1 to 100000, KEYS[1] not a sorted
-- set.
-- Returns the claimed customer ids, earliest first.
if #KEYS ~= 1 or #ARGV ~= 3 then
  return refuse('expects 1 key and 3 arguments')
end
if not whole(ARGV[1], 0, MAX_EPOCH_MS) or not whole(ARGV[2], 0, MAX_EPOCH_MS) then
  return refuse('ARGV[1] and ARGV[2] (now, lease end) must be whole milliseconds from 0 to 253402300799999')
end
local limit = whole(ARGV[3], 1, 100000)
if not limit then
  return refuse('ARGV[3] (how many) must be a whole number from 1 to 100000')
end
local wrong = mistyped({ 'zset' })
if wrong then
  return refuse(wrong)
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id)
end
return due
