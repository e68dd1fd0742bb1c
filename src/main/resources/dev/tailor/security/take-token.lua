-- Token bucket: KEYS[1] the bucket (tokens, updated at), ARGV[1] tokens per second, ARGV[2] now (ms), ARGV[3] the
-- burst, how many tokens the bucket holds (the rate when absent; 1 spaces requests evenly).
-- Takes one token and returns 0, or returns the milliseconds until a token is free.
-- RateLimiter builds these as a TakeTokenCall, which checks them first.
-- Refused with an error reply before anything is written: other key or argument counts, a rate or burst that is not a
-- whole number from 1 to 2^31 - 1, a time that is not whole milliseconds from 0 to 253402300799999, KEYS[1] not a hash.
-- A stored bucket that cannot be read (not a finite number) counts as full.
if #KEYS ~= 1 or #ARGV < 2 or #ARGV > 3 then
  return refuse('expects 1 key and 2 or 3 arguments')
end
local rate, now = whole(ARGV[1], 1, 2147483647), whole(ARGV[2], 0, MAX_EPOCH_MS)
if not rate then
  return refuse('ARGV[1] (tokens per second) must be a whole number from 1 to 2147483647')
end
if not now then
  return refuse('ARGV[2] (now) must be whole milliseconds from 0 to 253402300799999')
end
local burst = rate
if ARGV[3] then
  burst = whole(ARGV[3], 1, 2147483647)
  if not burst then
    return refuse('ARGV[3] (burst) must be a whole number from 1 to 2147483647')
  end
end
local wrong = mistyped({ 'hash' })
if wrong then
  return refuse(wrong)
end
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = finite(bucket[1], 1e300) or burst, finite(bucket[2], 1e300) or now
-- A clock that went back adds nothing.
tokens = math.max(0, math.min(burst, tokens + math.max(0, now - at) * rate / 1000))
if tokens < 1 then
  redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
  redis.call('PEXPIRE', KEYS[1], 60000)
  return math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tokens - 1, 'at', now)
redis.call('PEXPIRE', KEYS[1], 60000)
return 0
