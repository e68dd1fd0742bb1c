-- Lists an identifier among a customer's identifiers (the index beside the links, see link-identifier.lua), or takes
-- it off, unless the customer was itself merged into another: its own link then exists, and the caller resolves it
-- again when listing; taking off leaves the set as it is, since it records what the merge brings until the merge
-- deletes it. Every key is in the customer's slot.
-- KEYS[1] the customer's identifiers set (tailor:c:{customer}:ids), [2] the customer id's own link
--     (tailor:id:{customer}), [3] the identity journal of the customer's slot.
-- ARGV[1] the identifier as kept in the set ("a:", "u:" or "e:" and the value), [2] journal entry ('' for none),
--     [3] '1' to list it, '0' to take it off.
-- IdentityLinker builds these as a ListIdentifierCall, which checks them first.
-- Returns 1 when listed or taken off (and the entry journalled), 0 when it already was, -1 when the customer was
-- merged away.
-- Refused with an error reply before anything is written: other key or argument counts, an identifier without "a:",
-- "u:" or "e:" or with an empty value, ARGV[3] other than '1' or '0', a key of another type.
if #KEYS ~= 3 or #ARGV ~= 3 then
  return refuse('expects 3 keys and 3 arguments')
end
if ARGV[3] ~= '1' and ARGV[3] ~= '0' then
  return refuse("ARGV[3] must be '1' (list) or '0' (take off)")
end
if #ARGV[1] < 3 or not string.match(ARGV[1], '^[aue]:') then
  return refuse('ARGV[1] (identifier) must be "a:", "u:" or "e:" and a value')
end
local wrong = mistyped({ 'set', 'string', 'list' })
if wrong then
  return refuse(wrong)
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
local listing = ARGV[3] == '1'
if (redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1) == listing then
  return 0
end
if listing then
  redis.call('SADD', KEYS[1], ARGV[1])
else
  redis.call('SREM', KEYS[1], ARGV[1])
end
if ARGV[2] ~= '' then
  redis.call('LPUSH', KEYS[3], ARGV[2])
end
return 1
