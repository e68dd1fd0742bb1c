#!/usr/bin/env bash
# Ingest benchmark: events per second from HTTP Segment batches through Kafka into the Redis facts, next to the
# floors measured in the same run on the same machine: the broker's own producer rate (ProducerPerformance,
# acks=all, Tailor's record size) and Redis's own pipelined write rate (HSET, and apply-event.lua itself).
#
#   bench/ingest.sh OUT.json
#
# Uses the Tailor answering on TAILOR_BENCH_PORT (8080); when none answers, builds and starts one (scripts/run.sh)
# with consumer groups of its own that start at the end of the topics, and stops it at the end. Environment:
# BENCH_DURATION (20 s of load), BENCH_WARMUP (5 s), BENCH_CONNECTIONS (8), BENCH_CALLS (500 calls a request),
# BENCH_CUSTOMERS (10000), BENCH_DRAIN_TIMEOUT (60 s to wait for the consumers), BENCH_REDIS_DB (the db of
# QUARKUS_REDIS_HOSTS, else 0; the floors write tailor:bench:* keys there and delete them).
# Events from other clients of the shared topic during the run count as applied too: run it on a quiet broker.
set -euo pipefail
out=${1:?usage: bench/ingest.sh OUT.json}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/services-env.sh
redis_db_configured=$redis_db

port=${TAILOR_BENCH_PORT:-8080}
base=http://127.0.0.1:$port
key=${TAILOR_BOOTSTRAP_KEY:-tailor-local-dev-key}
duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-5}
connections=${BENCH_CONNECTIONS:-8}
calls=${BENCH_CALLS:-500}
customers=${BENCH_CUSTOMERS:-10000}
drain_timeout=${BENCH_DRAIN_TIMEOUT:-60}
redis_db=${BENCH_REDIS_DB:-$(sed -n 's#^rediss\?://[^/]*/\([0-9][0-9]*\)$#\1#p' <<<"${QUARKUS_REDIS_HOSTS:-}")}
redis_db=${redis_db:-$redis_db_configured}
kafka_lib=${TAILOR_RUN_DIR:-$root/.run}/kafka/lib
log() { echo "[bench/ingest] $*" >&2; }
now_ms() { date +%s%3N; }

ensure_tools wrk jq

applied() { # events the consumers have taken (applied or recognised as duplicates) since the app started
  curl -sf "$base/q/metrics" | awk '/^tailor_events_applied_total/ { sum += $NF } END { printf "%d\n", sum }'
}

started=""
stop_started() {
  if [ -n "$started" ]; then
    kill "$started" 2>/dev/null || true
    wait "$started" 2>/dev/null || true
  fi
}
trap stop_started EXIT

if ! curl -s -o /dev/null "$base/q/health/live"; then  # anything that answers, even "down"
  log "no Tailor on port $port: starting one (log in target/bench-ingest-app.log)"
  mkdir -p target
  # With no TAILOR_BOOTSTRAP_KEY of the caller's, scripts/run.sh uses its development key on loopback.
  QUARKUS_HTTP_PORT=$port \
    MP_MESSAGING_INCOMING_EVENTS_IN_GROUP_ID=${BENCH_FACTS_GROUP:-tailor-facts-bench} \
    MP_MESSAGING_INCOMING_EVENTS_IN_AUTO_OFFSET_RESET=latest \
    MP_MESSAGING_INCOMING_SEGMENT_CHANGES_IN_GROUP_ID=${BENCH_WEBHOOKS_GROUP:-tailor-webhooks-bench} \
    MP_MESSAGING_INCOMING_SEGMENT_CHANGES_IN_AUTO_OFFSET_RESET=latest \
    scripts/run.sh >target/bench-ingest-app.log 2>&1 &
  started=$!
  for ((i = 0; ; i++)); do
    curl -sf "$base/q/health/ready" >/dev/null 2>&1 && break
    if ! kill -0 "$started" 2>/dev/null || [ "$i" -ge 600 ]; then
      log "Tailor did not start within 5 minutes; see target/bench-ingest-app.log"
      exit 1
    fi
    sleep 0.5
  done
fi

export BENCH_CALLS=$calls BENCH_CUSTOMERS=$customers BENCH_RUN="r$(now_ms)"
export BENCH_AUTH="Basic $(printf '%s:' "$key" | base64 -w0)"
wrk_run() { # seconds -> "requests non2xx duration_us p50_ms p99_ms"
  wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$1"s --timeout 30s -s bench/ingest.lua "$base" \
    | sed -n 's/^WRK requests=\([0-9]*\) non2xx=\([0-9]*\) socket_errors=\([0-9]*\) duration_us=\([0-9]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\)$/\1 \2 \3 \4 \5 \6/p'
}
wait_applied() { # target -> elapsed wait in ms, or fails after the drain timeout
  local target=$1 deadline=$(($(now_ms) + drain_timeout * 1000))
  while [ "$(applied)" -lt "$target" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.5 # not faster: rendering /q/metrics costs the app CPU
  done
}

# Warm-up: the consumers have their partitions and the JIT has seen the path before the clock starts.
start_applied=$(applied)
read -r requests non2xx errors _ _ _ < <(wrk_run "$warmup")
wait_applied $((start_applied + (requests - non2xx) * calls)) || log "warm-up events not all applied in time"

log "load: ${duration}s, $connections connections, $calls calls a request, $customers customers"
before=$(applied)
t0=$(now_ms)
read -r requests non2xx errors wrk_us p50 p99 < <(wrk_run "$duration")
t_load=$(now_ms)
sent=$(((requests - non2xx) * calls))
lag_at_load_end=$((before + sent - $(applied)))
complete=true
wait_applied $((before + sent)) || complete=false
t1=$(now_ms)
taken=$(($(applied) - before))
events_per_s=$(awk -v n="$taken" -v s="$sent" -v ms=$((t1 - t0)) 'BEGIN { printf "%.0f", (n < s ? n : s) * 1000 / ms }')
http_events_per_s=$(awk -v s="$sent" -v us="$wrk_us" 'BEGIN { printf "%.0f", s * 1000000 / us }')
record_size=$(curl -sf "$base/q/metrics" \
  | awk '/^kafka_producer_record_size_avg/ && /events-out/ && $NF > 0 && !size { size = int($NF) } END { print size }')
# No figure yet (or an unreadable one): Tailor's events are about 400 bytes.
[[ ${record_size:-0} =~ ^[1-9][0-9]*$ ]] || record_size=400
log "ingest: $sent events in $(((t1 - t0)))ms -> $events_per_s events/s (HTTP accepted $http_events_per_s/s)"

# Floor 1: the broker's own producer, same record size, acks=all, idempotent (as Tailor's).
java -cp "$kafka_lib/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$TAILOR_KAFKA_BOOTSTRAP" --create \
  --if-not-exists --topic tailor.bench.producer.v1 --partitions 4 --replication-factor 1 >/dev/null 2>&1 || true
kafka_records=${BENCH_KAFKA_RECORDS:-100000}
# A failed or timed-out run (a starved machine) reports 0 rather than stopping the benchmark.
kafka_per_s=$(timeout 90 java -Xmx256m -cp "$kafka_lib/*" org.apache.kafka.tools.ProducerPerformance \
    --topic tailor.bench.producer.v1 --num-records "$kafka_records" --record-size "$record_size" --throughput -1 \
    --producer-props bootstrap.servers="$TAILOR_KAFKA_BOOTSTRAP" acks=all enable.idempotence=true 2>/dev/null \
  | tail -1 | sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec.*/\1/p' || true)
kafka_per_s=${kafka_per_s:-0}
log "kafka producer: $kafka_per_s records/s of $record_size bytes"

# Floor 2: Redis's own pipelined writes, then apply-event.lua itself pipelined (new customers, unique messageIds).
redis_rate() { redis_benchmark --dbnum "$redis_db" -P 100 -q "$@" 2>/dev/null \
  | tr '\r' '\n' | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' | tail -1 || true; }
redis_hset=$(redis_rate -n 300000 -r 100000 HSET 'tailor:bench:{__rand_int__}' f __rand_int__)
redis_hset=${redis_hset:-0}
script=src/main/resources/dev/tailor/facts/apply-event.lua
# As RedisScript sends it: the script's name and the checks every script shares first.
sha=$(rcli -n "$redis_db" SCRIPT LOAD "local SCRIPT_NAME = 'apply-event'
$(cat src/main/resources/dev/tailor/shared/redis/script-prelude.lua)
$(cat "$script")")
now=$(now_ms)
hour=$((now / 3600000))
# As FactsStore calls it (see apply-event.lua): a Product Viewed with one 30-day series holding its stats (field names
# are short codes; any codes of that shape cost the same), its applied messageIds in the sorted set beside the hash.
redis_apply=$(redis_rate -n 50000 -r 100000000 EVALSHA "$sha" 4 'tailor:bench:{__rand_int__}' \
  'tailor:bench:{__rand_int__}:applied' 'tailor:bench:id:{__rand_int__}' 'tailor:bench:erased' __rand_int__ \
  $((now / 1000)) 86400 "$now" '' 1 __rand_int__ "$now" \
  $((hour - 192)) $(((now - 30 * 86400000) / 86400000 - 1)) 0 'sBnc')
redis_apply=${redis_apply:-0}
rcli -n "$redis_db" --scan --pattern 'tailor:bench:*' | sed 's/^/UNLINK /' | rcli -n "$redis_db" >/dev/null
log "redis: HSET $redis_hset/s, apply-event.lua $redis_apply/s (pipelined by 100)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }'; }
mkdir -p "$(dirname "$out")"
cat >"$out" <<JSON
{"ingest":{"events_per_s":$events_per_s,"kafka_producer_records_per_s":${kafka_per_s%.*},"redis_pipelined_ops_per_s":${redis_hset%.*},
 "redis_apply_script_per_s":${redis_apply%.*},
 "ratios":{"events_to_kafka_producer":$(ratio "$events_per_s" "$kafka_per_s"),"events_to_redis_pipelined":$(ratio "$events_per_s" "$redis_hset"),"events_to_redis_apply_script":$(ratio "$events_per_s" "$redis_apply")},
 "events":$sent,"applied":$taken,"complete":$complete,"seconds":$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", ms / 1000 }'),
 "http_events_per_s":$http_events_per_s,"lag_at_load_end":$lag_at_load_end,"http_p50_ms":$p50,"http_p99_ms":$p99,
 "requests":$requests,"non_2xx":$non2xx,"socket_errors":$errors,"calls_per_request":$calls,"connections":$connections,
 "customers":$customers,"load_seconds":$duration,"record_bytes":$record_size,"cores":$(nproc)}}
JSON
echo "ingest: $events_per_s events/s end to end ($sent events, complete=$complete); kafka producer floor ${kafka_per_s%.*}/s; redis pipelined HSET ${redis_hset%.*}/s, apply script ${redis_apply%.*}/s -> $out"
