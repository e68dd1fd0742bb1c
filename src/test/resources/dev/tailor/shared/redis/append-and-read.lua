-- For RedisBatchesClusterTest: appends ARGV[1] to KEYS[1] and answers the value, so the answers show the calls' order.
redis.call('APPEND', KEYS[1], ARGV[1])
return redis.call('GET', KEYS[1])
