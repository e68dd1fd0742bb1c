#!/usr/bin/env bash
# Every benchmark in one command (its duration goes into the results): starts the services, builds Tailor when stale,
# installs jq when missing (as root; the parts that drive HTTP load install wrk), then runs each sub-benchmark
# present, each writing a JSON object to the file it is given:
#   bench/render.sh   decisions next to the floor endpoint with wrk, growth to a million seeded customers
#   bench/ingest.sh   ingest throughput next to the broker's and Redis's own
#   bench/rules.sh    rule evaluation (JMH)
#   bench/memory.sh   Redis bytes per customer
#   bench/apply.sh    apply cost per event for a customer with 10, 1,000 and 100,000 earlier events
#   bench/hot-customer.sh  other customers' renders while one customer receives 50,000 events, and the drain rate
#   bench/cluster.sh  drain rate and render throughput on a three-master Redis Cluster next to the single Redis
# and merges them, with the machine (cores, JDK, ...) and the date, into bench/results/<yyyy-mm-dd>.json, from which
# BENCHMARKS.md is regenerated (bench/summary.jq). A sub-benchmark that fails is recorded under "failures" with the
# end of its output, and the others go on; the command then exits non-zero.
#
#   bench/run.sh [NAME...]      only the named sub-benchmarks, e.g. bench/run.sh render: their figures replace
#                               theirs in the latest results, the others' stay, and "measured" says which run
#                               (date, commit) each part comes from
#   bench/run.sh --dry-run [NAME...]  what would run and where its figures would go; runs and writes nothing
#   bench/run.sh --help         this text
#
# Settings are the sub-benchmarks' environment variables (see each script); BENCH_DB_NAME (tailor_bench) is
# created when missing. BENCH_RESULTS_DIR (bench/results) is where the dated results are read and written, and
# BENCH_SUMMARY (BENCHMARKS.md) the summary regenerated from them.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/services-env.sh
log() { echo "[bench] $*" >&2; }
all_names=(render ingest rules memory apply hot-customer cluster)

dry_run=false
case "${1:-}" in
  --help | -h) sed -n '2,/^$/{s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  --dry-run) dry_run=true; shift ;;
  -*) echo "bench/run.sh: unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all_names[@]}")
for name in "${names[@]}"; do
  if [[ ! " ${all_names[*]} " == *" $name "* ]]; then
    echo "bench/run.sh: no benchmark named $name (benchmarks: ${all_names[*]})" >&2
    exit 2
  fi
done
started=$(date +%s)
day=$(date -u +%F)
results_dir=${BENCH_RESULTS_DIR:-bench/results}
results=$results_dir/$day.json
summary=${BENCH_SUMMARY:-BENCHMARKS.md}
export BENCH_DB_NAME=${BENCH_DB_NAME:-tailor_bench}

if $dry_run; then
  for name in "${names[@]}"; do
    if [ -f "bench/$name.sh" ]; then echo "would run bench/$name.sh"; else echo "would skip $name: no bench/$name.sh"; fi
  done
  echo "would write $results and $summary"
  exit 0
fi

set -e
bash scripts/services.sh up >&2
# wrk only where a part drives HTTP load: those parts install it themselves.
ensure_tools jq
ensure_database "$BENCH_DB_NAME"
log "building Tailor when stale"
scripts/package.sh >/dev/null
set +e

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '[]' >"$work/failures.json"
parts=()
for name in "${names[@]}"; do
  script=bench/$name.sh
  if [ ! -f "$script" ]; then
    log "$name: no $script, skipped"
    continue
  fi
  log "$name: running $script"
  part_started=$(date +%s)
  bash "$script" "$work/$name.json" 2>&1 | tee "$work/$name.log" >&2
  status=${PIPESTATUS[0]}
  log "$name: exit $status after $(($(date +%s) - part_started)) s"
  if [ -s "$work/$name.json" ] && jq -e 'type == "object"' "$work/$name.json" >/dev/null 2>&1; then
    parts+=("$work/$name.json")
  elif [ "$status" -eq 0 ]; then
    status="no JSON object written"
  fi
  if [ "$status" != 0 ]; then
    jq --arg name "$name" --arg status "$status" --arg tail "$(tail -20 "$work/$name.log")" \
      '. + [{benchmark: $name, exit: $status, output: $tail}]' "$work/failures.json" >"$work/f.json" &&
      mv "$work/f.json" "$work/failures.json"
  fi
done

jq -n --arg date "$(date -u +%FT%TZ)" --argjson cores "$(nproc)" \
  --arg jdk "$(java -version 2>&1 | head -1)" --arg cpu "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
  --argjson memoryMb "$(free -m | awk '/^Mem:/ {print $2}')" --arg os "$(. /etc/os-release && echo "$PRETTY_NAME")" \
  --arg redis "$(rcli INFO server | tr -d '\r' | sed -n 's/^redis_version://p')" \
  --arg commit "$(git rev-parse --short HEAD)" --argjson seconds "$(($(date +%s) - started))" \
  '{date: $date, commit: $commit, totalSeconds: $seconds,
    machine: {cores: $cores, cpu: $cpu, memoryMb: $memoryMb, os: $os, jdk: $jdk, redis: $redis}}' \
  >"$work/meta.json"
# A part is recorded under the keys its script writes, replacing them whole (figures of an earlier run with other
# settings would otherwise stay beside the new ones); "measured" maps each part's name to the run it comes from.
previous=$(ls "$results_dir"/[0-9]*.json 2>/dev/null | sort | tail -1)
if [ ${#names[@]} -eq ${#all_names[@]} ] || [ -z "$previous" ]; then
  echo '{}' >"$work/previous.json"
else
  cp "$previous" "$work/previous.json"
fi
ran=$(printf '%s\n' "${names[@]}" | jq -R . | jq -s .)
jq -s 'reduce .[] as $part ({}; . * $part)' "${parts[@]}" </dev/null >"$work/parts.json"
jq -n --slurpfile meta "$work/meta.json" --slurpfile previous "$work/previous.json" --slurpfile parts "$work/parts.json" \
  --slurpfile failures "$work/failures.json" --argjson ran "$ran" --argjson all "$(printf '%s\n' "${all_names[@]}" |
  jq -R . | jq -s .)" '
  $previous[0] as $old | $meta[0] as $now |
  ($old.measured // (if $old.date then reduce $all[] as $n ({}; .[$n] = {date: $old.date, commit: $old.commit})
    else {} end)) as $before |
  ($old | del(.failures, .measured)) + $now + $parts[0]
  + {measured: (reduce $ran[] as $n ($before; .[$n] = {date: $now.date, commit: $now.commit})),
     failures: ([($old.failures // [])[] | select(.benchmark | IN($ran[]) | not)] + $failures[0])}' \
  >"$work/results.json"
mkdir -p "$results_dir"
mv "$work/results.json" "$results"
jq -r -f bench/summary.jq "$results" >"$summary"
log "figures in $results, summary in $summary ($(($(date +%s) - started)) s in all)"
[ "$(jq '.failures | length' "$results")" -eq 0 ]
