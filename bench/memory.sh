#!/usr/bin/env bash
# Redis bytes per customer (MEMORY USAGE of every key of an engaged customer, and its share of the due-time index)
# for the sample declarations (rules/marketing/facts.yaml) and a 20-fact profile; a few minutes. Needs the local
# services, which the test phase starts (scripts/services.sh, which also sets hash-max-listpack-value). Writes
# {"memory":{"marketing":{"bytesPerCustomerMedian":...},...}} to OUT.json.
#
#   bench/memory.sh OUT.json [Maven options, e.g. -D%test.quarkus.redis.hosts=redis://127.0.0.1:6379/7]
set -euo pipefail
out=$(realpath -m "${1:?usage: bench/memory.sh OUT.json [Maven options]}")
shift
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test -Dtest=FactsMemoryBench "-Dbench.out=$out" "$@"
