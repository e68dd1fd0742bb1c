-- Empties a customer's facts hash but for what decisions keep in it (fields starting with 'd', see
-- record-decision.lua), so that facts rebuilt by a replay are decided against the decision recorded before.
-- KEYS[1] the facts hash.
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 1) ~= 'd' then
    redis.call('HDEL', KEYS[1], field)
  end
end
return 1
