#!/usr/bin/env bash
# Cluster benchmark: the consumer's drain rate and render throughput with Tailor on a three-master Redis Cluster, next
# to the same on the single Redis, in one run; writes {"cluster": {...}} to OUT.json.
#
#   bench/cluster.sh OUT.json
#
# Each target gets a Tailor of its own (port BENCH_PORT, PostgreSQL database BENCH_DB_NAME) in a namespace of its own
# (tailor.namespace), so its topics, consumer groups and keys are new:
#   single   the configured Redis, database BENCH_REDIS_DB
#   cluster  the Redis Cluster scripts/services.sh starts (TAILOR_REDIS_CLUSTER_PORTS, 7000 7001 7002)
# and in each:
#   drain    BENCH_CUSTOMERS customers' events (an identify and four tracks each) posted in batches of 500: events
#            a second from the first post until the consumers have applied them all
#   renders  wrk over those customers for BENCH_DURATION s, as fast as BENCH_CONNECTIONS connections go, after
#            BENCH_WARMUP s of the same: requests a second and latency percentiles
# Both targets share this machine's cores with Tailor, Kafka and wrk: the ratios matter, not the absolute figures.
#
# Environment (defaults): BENCH_PORT (8094), BENCH_REDIS_DB (11), BENCH_DB_NAME (tailor_bench), BENCH_CUSTOMERS
# (4000), BENCH_DURATION (20), BENCH_WARMUP (20), BENCH_THREADS (2), BENCH_CONNECTIONS (16), BENCH_DRAIN_TIMEOUT
# (300 s), BENCH_TARGETS ("single cluster").
set -euo pipefail
out=${1:?usage: bench/cluster.sh OUT.json}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$root"
source scripts/lib/services-env.sh

port=${BENCH_PORT:-8094}
redis_db=${BENCH_REDIS_DB:-11}
db_name=${BENCH_DB_NAME:-tailor_bench}
customers=${BENCH_CUSTOMERS:-4000}
duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-20}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-16}
drain_timeout=${BENCH_DRAIN_TIMEOUT:-300}
read -r -a targets <<<"${BENCH_TARGETS:-single cluster}"
read -r -a cluster_ports <<<"${TAILOR_REDIS_CLUSTER_PORTS:-7000 7001 7002}"
key=tailor-bench-cluster-key
base=http://127.0.0.1:$port
run_id=$(date +%s)
work=target/bench/cluster
rm -rf "$work" && mkdir -p "$work/seed"
log() { echo "[cluster] $*" >&2; }
now_ms() { date +%s%3N; }

awk -v n="$customers" -v per=500 -v dir="$work/seed" 'BEGIN {
  split("shoes bags coats hats", cats, " "); file = 0; count = 0
  for (i = 0; i < n; i++) {
    for (k = 0; k < 5; k++) {
      if (count % per == 0) { if (count) { print "]}" > path; close(path) }; path = dir "/" file++ ".json"; printf "{\"batch\":[" > path; sep = "" }
      if (k == 0) call = sprintf("{\"type\":\"identify\",\"userId\":\"bench-%d\",\"traits\":{\"first_name\":\"Ada\",\"loyalty_tier\":\"gold\"}}", i)
      else call = sprintf("{\"type\":\"track\",\"userId\":\"bench-%d\",\"event\":\"Product Viewed\",\"properties\":{\"category\":\"%s\",\"price\":%d}}", i, cats[k], 10 * k)
      printf "%s%s", sep, call > path; sep = ","; count++
    }
  }
  print "]}" > path; close(path)
}'

app_pid=
namespace=
stop_app() {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
    app_pid=
  fi
}
forget_keys() { # the namespace's keys, on the single Redis and on each cluster node (one key a command: slots differ)
  [ -n "$namespace" ] || return 0
  rcli -n "$redis_db" --scan --pattern "$namespace:*" | awk '{ print "DEL", $0 }' | rcli -n "$redis_db" >/dev/null || true
  for p in "${cluster_ports[@]}"; do
    redis-cli -p "$p" --scan --pattern "$namespace:*" | awk '{ print "DEL", $0 }' | redis-cli -p "$p" >/dev/null || true
  done
}
cleanup() {
  stop_app
  forget_keys
}
trap cleanup EXIT

ensure_tools wrk jq
ensure_database "$db_name"
jar=$(scripts/package.sh)

redis_settings() { # target -> the JVM options that point Tailor at it
  case $1 in
    single) echo "-Dquarkus.redis.hosts=$(redis_url_for_db "$redis_db")" ;;
    cluster)
      local hosts=() p
      for p in "${cluster_ports[@]}"; do hosts+=("redis://127.0.0.1:$p"); done
      echo "-Dquarkus.redis.client-type=cluster -Dquarkus.redis.hosts=$(IFS=,; echo "${hosts[*]}")"
      ;;
  esac
}

start_app() { # target
  namespace=bench-$1-$run_id
  TAILOR_NAMESPACE=$namespace bash scripts/services.sh up >"$work/services-$1.log" 2>&1
  log "$1: starting Tailor on port $port in namespace $namespace"
  # shellcheck disable=SC2046 # the settings are separate words
  TAILOR_DB_NAME=$db_name TAILOR_BOOTSTRAP_KEY=$key TAILOR_SECURITY_BOOTSTRAP_SCOPES=ingest,decide,admin \
    TAILOR_INGEST_THROTTLE_EVENTS_PER_SECOND=0 TAILOR_NAMESPACE=$namespace \
    java ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$port" $(redis_settings "$1") \
    -Dtailor.rules.backfill-new-facts=false -Dtailor.hygiene.audits.every=off \
    -Dtailor.hygiene.duplicates.run-every=off -jar "$jar" >"$work/app-$1.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 240); do
    curl -sf "$base/q/health/ready" >/dev/null && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 1
  done
  tail -50 "$work/app-$1.log" >&2
  return 1
}

applied() {
  curl -sf "$base/q/metrics" | awk '/^tailor_events_applied_total/ { sum += $NF } END { printf "%d\n", sum }'
}

target() { # name
  local name=$1 t0 t_drained events=$((customers * 5)) deadline drained=true
  start_app "$name"
  t0=$(now_ms)
  for file in "$work"/seed/*.json; do
    status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -u "$key:" -H 'content-type: application/json' \
      --data-binary @"$file" "$base/v1/batch")
    [ "$status" = 200 ] || { log "$name: seed request answered $status: $(head -c 300 "$work/answer.json")"; return 1; }
  done
  deadline=$((t0 + drain_timeout * 1000))
  while [ "$(applied)" -lt "$events" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { drained=false; break; }
    sleep 0.2
  done
  t_drained=$(now_ms)
  log "$name: $(applied) of $events events applied in $((t_drained - t0)) ms"
  for phase in warmup measured; do
    BENCH_PATH=/v1/decisions/ BENCH_CUSTOMERS=$customers BENCH_RATE=0 BENCH_API_KEY=$key BENCH_THREADS=$threads \
      BENCH_OUT="$work/$name-$phase.json" wrk -t"$threads" -c"$connections" \
      -d"$([ $phase = warmup ] && echo "$warmup" || echo "$duration")s" --latency \
      -s bench/render.lua "$base" >"$work/$name-$phase.txt"
  done
  log "$name: $(jq -c '{requestsPerSecond, p50: .latencyMs.p50, p99: .latencyMs.p99}' "$work/$name-measured.json")"
  # Renders answered from facts, not degraded ones: a target that fails them would look fast.
  degraded=$(curl -s -u "$key:" "$base/v1/decisions/bench-1" | jq -r .degraded)
  stop_app
  forget_keys
  jq -n --arg name "$name" --argjson events "$events" --argjson drainMs $((t_drained - t0)) \
    --argjson drained "$drained" --arg degraded "$degraded" --slurpfile r "$work/$name-measured.json" '
    {($name): {events: $events, drained: $drained, drainSeconds: ($drainMs / 1000),
      drainEventsPerSecond: ($events * 1000 / $drainMs | round), renderDegraded: ($degraded == "true"),
      renders: $r[0]}}' >"$work/$name-result.json"
}

for name in "${targets[@]}"; do
  case $name in
    single | cluster) target "$name" ;;
    *) log "unknown target $name"; exit 2 ;;
  esac
done

jq -s --argjson customers "$customers" --argjson duration "$duration" --argjson connections "$connections" \
  --arg wrk "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" '
  (reduce .[] as $t ({}; . + $t)) as $t |
  {cluster: ({customers: $customers, renderSeconds: $duration, connections: $connections, tool: ("wrk " + $wrk),
    masters: 3} + $t +
    (if $t.single and $t.cluster then
      {clusterOverSingle: {drain: ($t.cluster.drainEventsPerSecond / $t.single.drainEventsPerSecond * 100 | round / 100),
        renderThroughput: ($t.cluster.renders.requestsPerSecond / $t.single.renders.requestsPerSecond * 100 | round / 100),
        renderP99: ($t.cluster.renders.latencyMs.p99 / $t.single.renders.latencyMs.p99 * 100 | round / 100)}}
    else {} end))}' "$work"/*-result.json >"$out"
log "figures in $out"
