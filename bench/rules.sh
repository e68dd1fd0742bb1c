#!/usr/bin/env bash
# Rule evaluation speed (JMH): one customer on generated rule sets of 10, 100 and 500 rules, evaluation alone and
# with the next-change search; about 3 minutes. Writes {"rules":{"10":{"us_per_eval":...},...}} to OUT.json.
#
#   bench/rules.sh OUT.json [JMH options, e.g. -prof gc]
set -euo pipefail
out=$(realpath -m "${1:?usage: bench/rules.sh OUT.json [JMH options]}")
shift
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile exec:exec@jmh -Djmh.main=dev.tailor.bench.RuleEvaluationBenchmark \
  "-Djmh.args=$out $*"
