-- Token bucket: KEYS[1] the bucket (tokens, updated at), ARGV[1] tokens per second (also the burst), ARGV[2] now (ms).
-- Takes one token and returns 0, or returns the milliseconds until a token is free.
local rate, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(bucket[1]) or rate, tonumber(bucket[2]) or now
tokens = math.min(rate, tokens + (now - at) * rate / 1000)
if tokens < 1 then
  redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
  redis.call('PEXPIRE', KEYS[1], 60000)
  return math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tokens - 1, 'at', now)
redis.call('PEXPIRE', KEYS[1], 60000)
return 0
