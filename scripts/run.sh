#!/usr/bin/env bash
# Starts Tailor with its services (Redis, PostgreSQL, Kafka) and the sample rule set in rules/marketing.
# Builds the application first when the build is missing or older than the sources.
#
#   scripts/run.sh                  Tailor on 127.0.0.1:8080 with the development key (all interfaces with your own)
#   TAILOR_PORT=9000 scripts/run.sh another port; JAVA_OPTS (e.g. -Dkey=value settings) go to the JVM
#
# Redis, PostgreSQL and Kafka are the configured ones (TAILOR_REDIS_URL, TAILOR_DB_*, TAILOR_KAFKA_BOOTSTRAP: see
# docs/configuration.md); scripts/services.sh starts them here only when they are configured on this machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/services.sh up
jar=$(scripts/package.sh)
if [ -z "${TAILOR_BOOTSTRAP_KEY:-}" ]; then
  # The README's well-known key, with every scope, so its calls work: anyone can read it, so Tailor then listens on
  # the loopback interface only (the local profile; the prod profile refuses to start with this key).
  export TAILOR_BOOTSTRAP_KEY=tailor-local-dev-key
  export TAILOR_SECURITY_BOOTSTRAP_SCOPES=${TAILOR_SECURITY_BOOTSTRAP_SCOPES:-ingest,decide,admin}
  export QUARKUS_PROFILE=${QUARKUS_PROFILE:-local}
  echo "Development key tailor-local-dev-key: listening on 127.0.0.1 only (set TAILOR_BOOTSTRAP_KEY for more)" >&2
fi
exec java ${JAVA_OPTS:-} -jar "$jar"
