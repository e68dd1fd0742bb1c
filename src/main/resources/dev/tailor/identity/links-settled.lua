-- Whether linking one identify or alias call's identifiers would change nothing: the check that lets a batch of
-- calls repeating known links go by in one pipelined round trip instead of several round trips per call. It asks
-- what IdentityLinker.link asks, in the same order, and answers 0 as soon as linking could do something.
-- KEYS[1] the erased identifiers hash, [2] the link of the customer id, [3] the link of the call's own identifier,
--     [4] the own identifier's identifiers set, then for each other identifier its link and its facts hash.
-- ARGV[1] when the call was received (epoch ms), [2] the own identifier's erasure digest, [3] the own identifier
--     as kept in a set ("u:" or "a:" and the value), [4] the customer id, then for each other identifier its
--     erasure digest and its value.
-- IdentityLinker builds these as a LinksSettledCall, which checks them first.
-- Returns 1 when every link is already in place (or its identifier erased), else 0.
-- It reads facts' hashes (keys named by FactsStore) only for whether they exist, at the same moment as the links:
-- an identifier with a profile of its own is merged rather than linked.
-- Refused with an error reply: fewer than 4 keys, an odd number of keys past the 4th, an argument count other than
-- the key count, a receipt time that is not whole milliseconds from 0 to 253402300799999, an unreadable erasure
-- record (the script writes nothing, so whatever it refuses it leaves as it was).
if #KEYS < 4 or (#KEYS - 4) % 2 ~= 0 or #ARGV ~= #KEYS then
  return refuse('expects 4 keys and a link and facts key per other identifier, and as many arguments as keys')
end
local received = whole(ARGV[1], 0, MAX_EPOCH_MS)
if not received then
  return refuse('ARGV[1] (received) must be whole milliseconds from 0 to 253402300799999')
end

local function erased(digest)
  local stored = redis.call('HGET', KEYS[1], digest)
  if not stored then
    return false
  end
  local at = tonumber(stored)
  if not at then
    error('unreadable erasure record')
  end
  return at >= received
end

-- The own identifier: linked elsewhere (merged away) or already among its own identifiers.
if not erased(ARGV[2]) and not redis.call('GET', KEYS[3]) and redis.call('SISMEMBER', KEYS[4], ARGV[3]) == 0 then
  return 0
end

local customer = redis.call('GET', KEYS[2]) or ARGV[4]
local others = (#KEYS - 4) / 2
for i = 1, others do
  local digest, value = ARGV[3 + 2 * i], ARGV[4 + 2 * i]
  if not erased(digest) then
    local owner = redis.call('GET', KEYS[3 + 2 * i])
    if not owner and redis.call('EXISTS', KEYS[4 + 2 * i]) == 1 then
      owner = value
    end
    if owner ~= customer then
      return 0
    end
  end
end
return 1
