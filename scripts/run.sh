#!/usr/bin/env bash
# Starts Tailor with its services (Redis, PostgreSQL, Kafka) and the sample rule set in rules/marketing.
# Builds the application first when the build is missing or older than the sources.
#
#   scripts/run.sh                  Tailor on :8080
#   TAILOR_PORT=9000 scripts/run.sh another port; JAVA_OPTS (e.g. -Dkey=value settings) go to the JVM
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/services.sh up
jar=$(scripts/package.sh)
# A local key with every scope, so the README's calls work; set your own (or none) anywhere else.
export TAILOR_BOOTSTRAP_KEY=${TAILOR_BOOTSTRAP_KEY:-tailor-local-dev-key}
export TAILOR_SECURITY_BOOTSTRAP_SCOPES=${TAILOR_SECURITY_BOOTSTRAP_SCOPES:-ingest,decide,admin}
exec java ${JAVA_OPTS:-} -jar "$jar"
