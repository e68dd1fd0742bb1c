#!/usr/bin/env bash
# Rebuilds the Redis facts from the Kafka event log (cache warm-up): for every customer, or for a list.
# Prints progress and an estimate of the time left. Also run it after declaring a new fact, to back-fill it.
#
#   scripts/replay.sh                      every customer
#   scripts/replay.sh --customers u-1,u-2  these customers only
#
# Redis, PostgreSQL and Kafka are the configured ones (TAILOR_REDIS_URL, TAILOR_DB_*, TAILOR_KAFKA_BOOTSTRAP: see
# docs/configuration.md). JAVA_OPTS (e.g. -Dkey=value settings) go to the JVM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/services-env.sh # refuses a malformed TAILOR_REDIS_URL before the JVM starts

jar=$(scripts/package.sh)
exec java ${JAVA_OPTS:-} -Dquarkus.profile=replay -jar "$jar" replay "$@"
