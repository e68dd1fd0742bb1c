#!/usr/bin/env bash
# Rebuilds the Redis facts from the Kafka event log (cache warm-up): for every customer, or for a list.
# Prints progress and an estimate of the time left. Also run it after declaring a new fact, to back-fill it.
#
#   scripts/replay.sh                      every customer
#   scripts/replay.sh --customers u-1,u-2  these customers only
#
# JAVA_OPTS (e.g. -Dkey=value settings) go to the JVM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

jar=$(scripts/package.sh)
exec java ${JAVA_OPTS:-} -Dquarkus.profile=replay -jar "$jar" replay "$@"
