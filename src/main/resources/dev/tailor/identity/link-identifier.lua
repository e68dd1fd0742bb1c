-- Moves one identifier's link (the customer an anonymousId, userId or e-mail address belongs to) by compare-and-set:
-- the link is the truth about where an identifier belongs, and this is the only script that changes it. Everything
-- it touches is in the identifier's slot, so a Redis Cluster runs it on one node.
-- KEYS[1] the identifier's link (tailor:id:{identifier}), [2] its former owners whose identifiers sets may still list
--     it (tailor:id:{identifier}:moved), [3] the identity journal of the identifier's slot.
-- ARGV[1] the owner the caller read ('' for none), [2] the new owner ('' removes the link), [3] journal entry ('' for
--     none), then former owners the caller has removed the identifier from, forgotten when the link is unchanged.
-- IdentityLinker builds these as a LinkIdentifierCall, which checks them first.
-- Returns 1 when moved (the owner it replaced joins KEYS[2], the new one leaves it, the entry is journalled), 0 when
-- the link already named the new owner (the former owners given are then forgotten), -1 when the link is not the
-- one read (the caller reads again).
-- Refused with an error reply before anything is written: other key counts, fewer than 3 arguments, a key of another
-- type.
if #KEYS ~= 3 or #ARGV < 3 then
  return refuse('expects 3 keys and at least 3 arguments')
end
local wrong = mistyped({ 'string', 'set', 'list' })
if wrong then
  return refuse(wrong)
end
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then
  return -1
end
if current == ARGV[2] then
  for i = 4, #ARGV do
    redis.call('SREM', KEYS[2], ARGV[i])
  end
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SREM', KEYS[2], ARGV[2])
end
if current ~= '' then
  redis.call('SADD', KEYS[2], current)
end
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[3], ARGV[3])
end
return 1
