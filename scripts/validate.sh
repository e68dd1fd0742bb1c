#!/usr/bin/env bash
# Validates rule sets for CI: compiles each one, checks its declared facts, runs its scenarios, prints
# file:line:col errors and failing scenarios, writes a JUnit XML report, and exits non-zero on any failure.
# Needs Redis (scenarios run on the real facts store); no Kafka or PostgreSQL.
#
#   scripts/validate.sh [rules dir, default rules/] [--junit report.xml]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

jar=$(scripts/package.sh)
dir=${1:-rules}
shift || true
exec java -Dquarkus.profile=validate -jar "$jar" validate "$dir" "$@"
