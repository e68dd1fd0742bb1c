#!/usr/bin/env bash
# Builds the application when its jar is missing or older than its sources (src/main and pom.xml: test sources
# do not go into it, so a test that runs a script after `package` never rebuilds); prints the jar's path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true >&2
fi
echo "$root/$jar"
