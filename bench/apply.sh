#!/usr/bin/env bash
# The cost of applying one event for a customer with 10, 1,000 and 100,000 earlier events, all within the dedup
# window (the worst case for the applied-messageId check): it should be flat. About a minute. Runs apply-event.lua
# as FactsStore calls it (a Product Viewed with its own series and one grouping property's) on a redis-server of its
# own (BENCH_APPLY_PORT, 6399), so that Redis's per-command statistics count nothing else. Each customer first gets
# its earlier events, then in each of BENCH_APPLY_ROUNDS (5) rounds, customers taking turns so that the machine's
# noise falls on all alike, BENCH_APPLY_EVENTS (1,000) more events, timed by Redis itself (INFO commandstats:
# microseconds inside the script per call) and by one client waiting for each answer (round trip included); the
# figures are the rounds' medians. Writes
#   {"apply":{"earlier10":{"redisUsPerEvent":...,"roundTripUsPerEvent":...,"appliedSetSize":...},...,"flatness":...}}
# to OUT.json; flatness is the Redis time per event at 100,000 earlier events over that at 10.
#
#   bench/apply.sh OUT.json
#
# BENCH_APPLY_SCRIPT (the project's apply-event.lua) and BENCH_APPLY_DEDUP_KEY (the customer's :applied set; "hash"
# passes the facts hash itself) time another version of the script, e.g. one from git history.
set -euo pipefail
out=$(realpath -m "${1:?usage: bench/apply.sh OUT.json}")
cd "$(dirname "$0")/.."
port=${BENCH_APPLY_PORT:-6399}
rounds=${BENCH_APPLY_ROUNDS:-5}
measured=${BENCH_APPLY_EVENTS:-1000}
histories=(${BENCH_APPLY_HISTORIES:-10 1000 100000})
script=${BENCH_APPLY_SCRIPT:-src/main/resources/dev/tailor/facts/apply-event.lua}
log() { echo "[apply] $*" >&2; }
cli() { redis-cli -p "$port" "$@"; }

cli shutdown nosave >/dev/null 2>&1 || true
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "${TMPDIR:-/tmp}" >/dev/null
trap 'cli shutdown nosave >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done

# As RedisScript sends it: the script's name and the checks every script shares first.
sha=$(cli SCRIPT LOAD "local SCRIPT_NAME = 'apply-event'
$(cat src/main/resources/dev/tailor/shared/redis/script-prelude.lua)
$(cat "$script")")
now_ms=$(date +%s%3N)
now=$((now_ms / 1000))
hour=$((now_ms / 3600000))
first_day=$(((now_ms - 30 * 86400000) / 86400000 - 1))

# Applies COUNT events to one customer, the messageIds drawn anew by redis-benchmark (12 decimal digits, a valid hex
# digest); prints the requests per second.
run_applies() {
  local customer=$1 count=$2 clients=$3 pipeline=$4 dedup="tailor:c:{$1}:applied"
  [ "${BENCH_APPLY_DEDUP_KEY:-}" != hash ] || dedup="tailor:c:{$1}"
  redis-benchmark -p "$port" -n "$count" -c "$clients" -P "$pipeline" -r 1000000000 -q \
    EVALSHA "$sha" 4 "tailor:c:{$customer}" "$dedup" "tailor:id:{$customer}" 'tailor:erased:{0}' \
    __rand_int__ "$now" 86400 "$now_ms" '' 2 digest "$now_ms" $((hour - 192)) "$first_day" 1 Pr 19.99 \
    sBnc sBncCa shoes \
    2>/dev/null | tr '\r' '\n' | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' | tail -1 || true
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

for earlier in "${histories[@]}"; do
  log "$earlier earlier events"
  run_applies "bench-apply-$earlier" "$earlier" 1 $((earlier < 100 ? earlier : 100)) >/dev/null
done
declare -A redis_us trip_us
for round in $(seq "$rounds"); do
  for earlier in "${histories[@]}"; do
    cli CONFIG RESETSTAT >/dev/null
    rps=$(run_applies "bench-apply-$earlier" "$measured" 1 1)
    redis_us[$earlier]+="$(cli INFO commandstats | tr -d '\r' |
      sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p') "
    trip_us[$earlier]+="$(awk -v r="${rps:-0}" 'BEGIN { if (r > 0) printf "%.1f", 1000000 / r; else print 0 }') "
  done
  log "round $round of $rounds done"
done

results=()
for earlier in "${histories[@]}"; do
  dedup=tailor:c:{bench-apply-$earlier}:applied
  [ "${BENCH_APPLY_DEDUP_KEY:-}" != hash ] || dedup=tailor:c:{bench-apply-$earlier}
  remembered=$(cli ZCARD "$dedup" 2>/dev/null | grep -E '^[0-9]+$' || echo null)
  redis=$(tr ' ' '\n' <<<"${redis_us[$earlier]}" | grep . | median)
  trip=$(tr ' ' '\n' <<<"${trip_us[$earlier]}" | grep . | median)
  log "$earlier earlier events ($remembered messageIds remembered): $redis us in Redis, $trip us a round trip per event"
  results+=("$(jq -n --argjson earlier "$earlier" --argjson remembered "$remembered" --argjson redis "$redis" \
    --argjson trip "$trip" --argjson events "$measured" --argjson rounds "$rounds" \
    '{("earlier\($earlier)"): {redisUsPerEvent: $redis, roundTripUsPerEvent: $trip, appliedSetSize: $remembered,
      eventsTimedPerRound: $events, rounds: $rounds}}')")
done

mkdir -p "$(dirname "$out")"
printf '%s\n' "${results[@]}" | jq -s --arg first "earlier${histories[0]}" --arg last "earlier${histories[-1]}" \
  'add | {apply: (. + {flatness: (if .[$first].redisUsPerEvent > 0
    then (.[$last].redisUsPerEvent / .[$first].redisUsPerEvent * 100 | round / 100) else null end)})}' >"$out"
log "figures in $out"
