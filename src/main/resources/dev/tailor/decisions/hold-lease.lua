-- Takes, renews or gives up a node's lease on one shard of the decisions' indices, so that each shard is worked by
-- one node at a time (ShardLeases) and by another once the holder stops renewing it.
-- KEYS[1] the shard's lease: a string holding the node's id, expiring with the lease.
-- ARGV[1] the node's id, not empty; ARGV[2] 'hold' (take the lease when free, renew it when the node holds it) or
-- 'drop' (delete it when the node holds it); ARGV[3] the lease's length (ms), a whole number from 1 to 86400000.
-- ShardLeases builds these as a HoldLeaseCall, which checks them first.
-- Refused with an error reply before anything is written: other key or argument counts, an empty id, another mode, a
-- length out of range, KEYS[1] not a string.
-- Returns 1 when the node holds the lease afterwards, else 0.
if #KEYS ~= 1 or #ARGV ~= 3 then
  return refuse('expects 1 key and 3 arguments')
end
if ARGV[1] == '' then
  return refuse('ARGV[1] (node) must not be empty')
end
if ARGV[2] ~= 'hold' and ARGV[2] ~= 'drop' then
  return refuse("ARGV[2] (mode) must be 'hold' or 'drop'")
end
local length = whole(ARGV[3], 1, 86400000)
if not length then
  return refuse('ARGV[3] (lease length) must be whole milliseconds from 1 to 86400000')
end
local wrong = mistyped({ 'string' })
if wrong then
  return refuse(wrong)
end
local holder = redis.call('GET', KEYS[1])
if ARGV[2] == 'drop' then
  if holder == ARGV[1] then
    redis.call('DEL', KEYS[1])
  end
  return 0
end
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', length)
return 1
