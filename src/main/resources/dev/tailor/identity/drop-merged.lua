-- Commits a merge in the merged customer's slot: deletes its facts hash, applied messageIds and identifiers set, once
-- its own link names the survivor (set when the merge froze it, see IdentityLinker and ADR 0012); its events and
-- renders follow that link from now on.
-- KEYS[1] the merged id's own link (tailor:id:{merged}), [2] its facts hash, [3] its applied messageIds, [4] its
--     identifiers set.
-- ARGV[1] the survivor id.
-- IdentityLinker builds these as a DropMergedCall, which checks them first.
-- Returns 1 when deleted (or there was nothing left), 0 when the link names another customer or none.
-- Refused with an error reply: other key or argument counts, an empty survivor id.
if #KEYS ~= 4 or #ARGV ~= 1 then
  return refuse('expects 4 keys and 1 argument')
end
if ARGV[1] == '' then
  return refuse('ARGV[1] (survivor id) must not be empty')
end
local link = redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1])
if link ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return 1
