#!/usr/bin/env bash
# Redis bytes per customer (MEMORY USAGE of every key of an engaged customer, and its share of the due-time index)
# for the sample declarations (rules/marketing/facts.yaml) and a 20-fact profile; a few minutes. Needs the local
# services, which the test phase starts (scripts/services.sh, which also sets hash-max-listpack-value). Writes
# {"memory":{"marketing":{"bytesPerCustomerMedian":...},...}} to OUT.json.
#
#   bench/memory.sh OUT.json [Maven options]
#
# Runs on a Redis database of its own, emptied before and after (BENCH_MEMORY_REDIS_DB, 7): MEMORY USAGE of a large
# sorted set is an estimate from samples, so the due-time index's share is only readable from an index holding
# nothing but this run's customers.
set -euo pipefail
out=$(realpath -m "${1:?usage: bench/memory.sh OUT.json [Maven options]}")
shift
cd "$(dirname "$0")/.."
source scripts/lib/services-env.sh
# The bench applies and records its customers itself: the test application's facts consumer and scheduled jobs stay
# off, or they would apply and re-decide what other runs left in the shared topic and Redis database (pending and
# due customers), and those customers' due-time entries would count in this one's share of the index.
db=${BENCH_MEMORY_REDIS_DB:-7}
rcli -n "$db" FLUSHDB >/dev/null
trap 'rcli -n "$db" FLUSHDB >/dev/null' EXIT
./mvnw -B -q -Pbench test -Dtest=FactsMemoryBench "-Dbench.out=$out" "-D%test.quarkus.redis.hosts=$(redis_url_for_db "$db")" \
  -D%test.mp.messaging.incoming.events-in.enabled=false -D%test.quarkus.scheduler.enabled=false "$@"
