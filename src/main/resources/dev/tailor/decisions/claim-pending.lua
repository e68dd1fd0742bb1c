-- Claims the customers waiting to be re-decided whose time has come, for a lease: their score moves to the lease's
-- end, so that another node does not take them and, should this one die before releasing them, they come back.
-- KEYS[1] the pending set. ARGV[1] now (ms), [2] the lease's end (ms), [3] how many at most.
-- Returns the claimed customer ids, earliest first.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id)
end
return due
