-- Links one identifier (an anonymousId, a userId or an e-mail address) to a customer, atomically.
-- KEYS[1] the identifier's link (tailor:id:{identifier}), [2] the customer's identifiers set, [3] the identifiers
--     set of the customer it linked to before (or the same as [2]), [4] the identity journal list, [5] the customer
--     id's own link (tailor:id:{customer id}).
-- ARGV[1] the customer id, [2] the identifier as kept in the set ("a:", "u:" or "e:" and the value), [3] journal
--     entry.
-- IdentityLinker builds these as a LinkIdentifierCall, which checks them first.
-- Returns 1 when linked (or re-pointed), 0 when it already was, -1 when the customer was itself merged into
-- another meanwhile (the caller resolves again).
-- Refused with an error reply before anything is written: other key or argument counts, an empty customer id, an
-- identifier without "a:", "u:" or "e:" or with an empty value, a key of another type.
if #KEYS ~= 5 or #ARGV ~= 3 then
  return refuse('expects 5 keys and 3 arguments')
end
if ARGV[1] == '' then
  return refuse('ARGV[1] (customer id) must not be empty')
end
if #ARGV[2] < 3 or not string.match(ARGV[2], '^[aue]:') then
  return refuse('ARGV[2] (identifier) must be "a:", "u:" or "e:" and a value')
end
local wrong = mistyped({ 'string', 'set', 'set', 'list', 'string' })
if wrong then
  return refuse(wrong)
end
if redis.call('EXISTS', KEYS[5]) == 1 then
  return -1
end
local own = string.sub(ARGV[2], 3) == ARGV[1]
if not own and redis.call('GET', KEYS[1]) == ARGV[1] then
  return 0
end
if own and redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then
  return 0
end
if not own then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[2])
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('LPUSH', KEYS[4], ARGV[3])
return 1
