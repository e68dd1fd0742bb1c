-- What linking needs to know of one identifier, read at one moment in its slot, so that a batch of identify and alias
-- calls repeating known links goes by in one pipelined round trip (IdentityLinker decides from the answers whether
-- each call would change anything). It writes nothing.
-- KEYS[1] the identifier's link (tailor:id:{identifier}), [2] its former owners still to be settled
--     (tailor:id:{identifier}:moved), [3] the identifiers set of the customer named by the identifier
--     (tailor:c:{identifier}:ids), [4] the facts hash of that customer (tailor:c:{identifier}, named by FactsStore),
--     [5] the tombstones of the slot (named by TombstoneKeys).
-- ARGV[1] the identifier as kept in a set ("a:", "u:" or "e:" and the value), [2] its erasure digest.
-- IdentityLinker builds these as a LinksSettledCall, which checks them first.
-- Returns { the link ('' for none), 1 when former owners are still to be settled, 1 when KEYS[3] lists ARGV[1],
-- 1 when the identifier has a profile of its own, its erasure time ('' when not erased) }.
-- Refused with an error reply: other key or argument counts.
if #KEYS ~= 5 or #ARGV ~= 2 then
  return refuse('expects 5 keys and 2 arguments')
end
local link = redis.call('GET', KEYS[1])
if type(link) ~= 'string' then
  link = ''
end
return {
  link,
  redis.call('EXISTS', KEYS[2]),
  redis.call('TYPE', KEYS[3]).ok == 'set' and redis.call('SISMEMBER', KEYS[3], ARGV[1]) or 0,
  redis.call('EXISTS', KEYS[4]),
  redis.call('TYPE', KEYS[5]).ok == 'hash' and redis.call('HGET', KEYS[5], ARGV[2]) or '',
}
