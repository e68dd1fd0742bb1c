#!/usr/bin/env bash
# Render benchmark: wrk against GET /v1/decisions/{id} next to the floor (GET /v1/floor/{id}: the same request and
# Redis read without rules), over seeded customers; writes {"render": {...}} to OUT.json.
#   1. at the first size (10,000 customers): both at saturation (same threads, connections and duration), then
#      both at half the floor's saturation rate;
#   2. growth: both again at that same rate after seeding up to each further size (100,000 and 1,000,000).
# Needs the services, wrk and jq (bench/run.sh sees to them). Starts its own Tailor (profile bench) and stops it.
#
#   bench/render.sh OUT.json
#
# Environment (defaults): BENCH_PORT (8091), BENCH_REDIS_DB (9, emptied first), BENCH_DB_NAME (tailor_bench),
# BENCH_SIZES ("10000 100000 1000000"), BENCH_THREADS (2), BENCH_CONNECTIONS (16), BENCH_DURATION (10 s per run),
# BENCH_WARMUP (60 s), BENCH_WARMUP_MIN (30 s), BENCH_API_KEY, BENCH_TEMPLATES (100), BENCH_KEEP_DATA (empty:
# the seeded db is emptied at the end).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUT.json" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$root"
source scripts/lib/services-env.sh

port=${BENCH_PORT:-8091}
redis_db=${BENCH_REDIS_DB:-9}
db_name=${BENCH_DB_NAME:-tailor_bench}
read -r -a sizes <<<"${BENCH_SIZES:-10000 100000 1000000}"
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-16}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-60}
warmup_min=${BENCH_WARMUP_MIN:-30}
key=${BENCH_API_KEY:-tailor-bench-key-with-the-decide-scope}
export BENCH_REDIS_DB=$redis_db BENCH_DB_NAME=$db_name

# Kept after the run for a look: the application's log, wrk's own output and each run's figures.
work=target/bench/render
rm -rf "$work" && mkdir -p "$work"
app_pid=
log() { echo "[render] $*" >&2; }
cleanup() {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  fi
  if [ -z "${BENCH_KEEP_DATA:-}" ]; then
    rcli -n "$redis_db" FLUSHDB >/dev/null || true
  fi
}
trap cleanup EXIT

seconds_since() { echo $(($(date +%s) - $1)); }

log "seeding $((${BENCH_TEMPLATES:-100})) template customers through the facts code"
rcli -n "$redis_db" FLUSHDB >/dev/null
started=$(date +%s)
bench/seed.sh templates >"$work/templates.log" 2>&1 || { cat "$work/templates.log" >&2; exit 1; }
grep -h '^\[bench\]' "$work/templates.log" >&2 || true
template_seconds=$(seconds_since "$started")

ensure_tools wrk jq
ensure_database "$db_name"
jar=$(scripts/package.sh)
started=$(date +%s)
log "starting Tailor on port $port (Redis db $redis_db, database $db_name)"
TAILOR_DB_NAME=$db_name TAILOR_BOOTSTRAP_KEY=$key TAILOR_SECURITY_BOOTSTRAP_SCOPES=decide \
  java ${BENCH_JAVA_OPTS:-} -Dquarkus.profile=bench -Dquarkus.http.port="$port" \
  -Dquarkus.redis.hosts="$(redis_url_for_db "$redis_db")" -jar "$jar" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null || { tail -50 "$work/app.log" >&2; exit 1; }
app_start_seconds=$(seconds_since "$started")

run() { # name path customers seconds rate: one wrk run, its figures in $work/<name>.json
  BENCH_PATH=$2 BENCH_CUSTOMERS=$3 BENCH_RATE=$5 BENCH_API_KEY=$key BENCH_THREADS=$threads \
    BENCH_OUT="$work/$1.json" wrk -t"$threads" -c"$connections" -d"$4s" --latency -s bench/render.lua \
    "http://127.0.0.1:$port" >"$work/$1.txt"
  log "$1: $(jq -c '{requestsPerSecond, p50: .latencyMs.p50, p99: .latencyMs.p99, p999: .latencyMs.p999, errors}' \
    "$work/$1.json")"
}
decision=/v1/decisions/
floor=/v1/floor/

seed() { # count: seeds up to count customers; records how long it took and Redis's memory
  local started
  started=$(date +%s%N)
  bench/seed.sh "$1" >&2
  jq -n --argjson customers "$1" --argjson ms "$((($(date +%s%N) - started) / 1000000))" \
    --argjson memory "$(rcli -n "$redis_db" INFO memory | tr -d '\r' | sed -n 's/^used_memory://p')" \
    '{customers: $customers, seedSeconds: ($ms / 1000), redisUsedMemoryBytes: $memory}' >"$work/seed-$1.json"
}

first=${sizes[0]}
seed "$first"
# The decision path is much more code than the floor's, and the JIT needs thousands of calls of it: warm up in
# 5-second slices until throughput grows by less than a tenth, after BENCH_WARMUP_MIN seconds (a loaded machine shows
# false plateaus early on) and within BENCH_WARMUP seconds.
log "warming up for at most $warmup s"
warmed=0
previous=0
while [ "$warmed" -lt "$warmup" ]; do
  run "warmup-decision-$warmed" "$decision" "$first" 5 0
  now=$(jq .requestsPerSecond "$work/warmup-decision-$warmed.json")
  warmed=$((warmed + 5))
  [ "$warmed" -ge "$warmup_min" ] &&
    jq -e --argjson now "$now" --argjson previous "$previous" -n '$now < $previous * 1.1' >/dev/null && break
  previous=$now
done
run warmup-floor "$floor" "$first" 5 0
run saturation-decision "$decision" "$first" "$duration" 0
run saturation-floor "$floor" "$first" "$duration" 0
rate=$(jq '.requestsPerSecond / 2 | floor' "$work/saturation-floor.json")
log "half the floor's saturation rate: $rate requests a second"
for size in "${sizes[@]}"; do
  [ "$size" = "$first" ] || seed "$size"
  run "rate-decision-$size" "$decision" "$size" "$duration" "$rate"
  run "rate-floor-$size" "$floor" "$size" "$duration" "$rate"
done

growth=$(for size in "${sizes[@]}"; do
  jq -n --slurpfile seed "$work/seed-$size.json" --slurpfile d "$work/rate-decision-$size.json" \
    --slurpfile f "$work/rate-floor-$size.json" '$seed[0] + {decision: $d[0], floor: $f[0]}'
done | jq -s .)

jq -n --argjson growth "$growth" \
  --slurpfile sd "$work/saturation-decision.json" --slurpfile sf "$work/saturation-floor.json" \
  --slurpfile hd "$work/rate-decision-$first.json" --slurpfile hf "$work/rate-floor-$first.json" \
  --arg wrk "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" --argjson threads "$threads" \
  --argjson connections "$connections" --argjson duration "$duration" --argjson warmup "$((warmed + 5))" \
  --argjson rate "$rate" --argjson templates "$(rcli -n "$redis_db" GET tailor:bench:templates)" \
  --argjson templateSeconds "$template_seconds" --argjson appStartSeconds "$app_start_seconds" '
  def r: . * 1000 | round / 1000;
  def ratios($d; $f): {throughputRatio: ($d.requestsPerSecond / $f.requestsPerSecond | r),
    p50Ratio: ($d.latencyMs.p50 / $f.latencyMs.p50 | r), p99Ratio: ($d.latencyMs.p99 / $f.latencyMs.p99 | r),
    p999Ratio: ($d.latencyMs.p999 / $f.latencyMs.p999 | r)};
  ($sd[0]) as $sd | ($sf[0]) as $sf | ($hd[0]) as $hd | ($hf[0]) as $hf |
  {render: {
    tool: ("wrk " + $wrk + ", pacing by bench/render.lua"), threads: $threads, connections: $connections,
    durationSeconds: $duration, warmupSeconds: $warmup, templates: $templates,
    templateSeedSeconds: $templateSeconds, appStartSeconds: $appStartSeconds, customers: $growth[0].customers,
    saturation: ({decision: $sd, floor: $sf} + ratios($sd; $sf)),
    halfFloorRate: ({targetRequestsPerSecond: $rate, decision: $hd, floor: $hf} + ratios($hd; $hf)),
    growth: $growth,
    targets: {
      throughputRatio: {atLeast: 0.6, measured: ratios($sd; $sf).throughputRatio},
      p99RatioAtHalfFloorRate: {atMost: 2, measured: ratios($hd; $hf).p99Ratio},
      # A p99 measured below the rate asked for compares nothing: both must reach 95 % of it.
      halfFloorRateReached: {atLeast: 0.95, measured: ([$hd, $hf] | map(.requestsPerSecond) | min / $rate | r)},
      decisionP99GrowthFirstToLast: {atMost: 1.5,
        measured: ($growth[-1].decision.latencyMs.p99 / $growth[0].decision.latencyMs.p99 | r)},
      failedRequests: {atMost: 0, measured: ([$sd, $sf, ($growth[] | .decision, .floor)] | map(.errors[]) | add)}
    } | with_entries(.value.met = (if .value.atLeast then .value.measured >= .value.atLeast
                                   else .value.measured <= .value.atMost end))
  }}' >"$out"
log "figures in $out"
