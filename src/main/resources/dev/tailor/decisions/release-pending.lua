-- Releases customers re-decided under a lease. One whose score is no longer the lease's end had an event since it
-- was claimed (the consumer moved it back to now): it stays, to be re-decided again.
-- KEYS[1] the pending set. ARGV[1] the lease's end (ms), ARGV[2..] the customer ids.
-- Returns how many were released.
local released = 0
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    released = released + 1
  end
end
return released
