-- Empties a customer's facts hash but for what decisions keep in it (fields starting with 'd', see
-- record-decision.lua), and forgets its applied messageIds, so that facts rebuilt by a replay are decided against
-- the decision recorded before and every replayed event counts again.
-- KEYS[1] the facts hash, KEYS[2] its applied messageIds (a sorted set); no arguments.
-- FactsStore builds these as a ForgetFactsCall.
-- Refused with an error reply before anything is written: other key or argument counts, a key of another type.
if #KEYS ~= 2 or #ARGV ~= 0 then
  return refuse('expects 2 keys and no arguments')
end
local wrong = mistyped({ 'hash', 'zset' })
if wrong then
  return refuse(wrong)
end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 1) ~= 'd' then
    redis.call('HDEL', KEYS[1], field)
  end
end
redis.call('DEL', KEYS[2])
return 1
