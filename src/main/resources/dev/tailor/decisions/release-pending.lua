-- Releases customers re-decided under a lease. One whose score is no longer the lease's end had an event since it
-- was claimed (the consumer moved it back to now): it stays, to be re-decided again. On the due-time index's claims
-- (claim-due.lua), one whose score is not the lease's end was claimed again after the lease lapsed.
-- KEYS[1] the pending set or the claims. ARGV[1] the lease's end (ms), ARGV[2..] the customer ids.
-- PendingDecisions (also DueClaims's) builds these as a ReleasePendingCall, which checks them first.
-- Refused with an error reply before anything is written: other key counts, no argument, a lease end that is not
-- whole milliseconds from 0 to 253402300799999, KEYS[1] not a sorted set.
-- Returns how many were released.
if #KEYS ~= 1 or #ARGV < 1 then
  return refuse('expects 1 key and at least 1 argument')
end
local lease_end = whole(ARGV[1], 0, MAX_EPOCH_MS)
if not lease_end then
  return refuse('ARGV[1] (lease end) must be whole milliseconds from 0 to 253402300799999')
end
local wrong = mistyped({ 'zset' })
if wrong then
  return refuse(wrong)
end
local released = 0
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == lease_end then
    redis.call('ZREM', KEYS[1], ARGV[i])
    released = released + 1
  end
end
return released
