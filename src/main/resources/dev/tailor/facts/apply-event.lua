-- Applies one Segment event to a customer's facts, exactly once per messageId, in one atomic step.
-- KEYS[1] facts hash, KEYS[2] sorted set of applied messageIds (score: when applied); both share the
-- customer's hash tag so that Redis Cluster keeps them in one slot.
-- ARGV: messageId, now (ms), dedup window (ms), event time (ms), oldest hour kept, event name ('' for none),
--       then trait name / JSON value pairs.
-- Returns 1 when applied, 0 when this messageId was applied before.
local facts, applied = KEYS[1], KEYS[2]
local message_id, now, dedup_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

if redis.call('ZSCORE', applied, message_id) then
  return 0
end
redis.call('ZADD', applied, now, message_id)
redis.call('ZREMRANGEBYSCORE', applied, '-inf', now - dedup_ms)
redis.call('PEXPIRE', applied, dedup_ms)

local event_time, oldest_hour, event = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
if event ~= '' then
  redis.call('HINCRBY', facts, 'n:' .. event, 1)
  local first = tonumber(redis.call('HGET', facts, 'f:' .. event))
  if not first or event_time < first then
    redis.call('HSET', facts, 'f:' .. event, ARGV[4])
  end
  local last = tonumber(redis.call('HGET', facts, 'l:' .. event))
  if not last or event_time > last then
    redis.call('HSET', facts, 'l:' .. event, ARGV[4])
  end
  -- Hourly counts live in one field per event, "hour:count,...", trimmed of hours older than kept.
  local hour = math.floor(event_time / 3600000)
  local series = redis.call('HGET', facts, 'h:' .. event) or ''
  local kept, counted = {}, false
  for h, c in string.gmatch(series, '(%d+):(%d+)') do
    h, c = tonumber(h), tonumber(c)
    if h == hour then
      c, counted = c + 1, true
    end
    if h >= oldest_hour then
      kept[#kept + 1] = string.format('%d:%d', h, c)
    end
  end
  if not counted and hour >= oldest_hour then
    kept[#kept + 1] = string.format('%d:1', hour)
  end
  if #kept > 0 then
    redis.call('HSET', facts, 'h:' .. event, table.concat(kept, ','))
  else
    redis.call('HDEL', facts, 'h:' .. event)
  end
end

for i = 7, #ARGV, 2 do
  redis.call('HSET', facts, 't:' .. ARGV[i], ARGV[i + 1])
end
return 1
