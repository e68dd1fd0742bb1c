#!/usr/bin/env bash
# Seeds the render benchmark's customers into a Redis database of their own (BENCH_REDIS_DB, default 9).
#
#   bench/seed.sh templates   BENCH_TEMPLATES (100) template customers made by applying 90 days of varied activity
#                             through the real facts code (RenderSeedBench, a Quarkus test run; about a minute)
#   bench/seed.sh COUNT       copies the templates inside Redis until customers bench-0 .. bench-<COUNT - 1> exist
#
# The test run's consumers are off: the shared event log must not reach the seeded database. Copies are made by Redis itself (COPY in a script, 20,000 a call), so a million customers take seconds and their
# hashes are byte for byte what the application writes. Environment: BENCH_REDIS_DB, BENCH_TEMPLATES,
# BENCH_DB_NAME (the PostgreSQL database of the Quarkus test run, tailor_bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/services-env.sh
redis_db=${BENCH_REDIS_DB:-9}
templates=${BENCH_TEMPLATES:-100}
db_name=${BENCH_DB_NAME:-tailor_bench}
chunk=20000
redis() { rcli -n "$redis_db" "$@"; }

# ARGV: first id, id after the last, number of templates. Standalone Redis only (the keys span slots).
copy_script='
local first, stop, templates = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = first, stop - 1 do
  redis.call("COPY", "tailor:c:{bench-template-" .. (i % templates) .. "}", "tailor:c:{bench-" .. i .. "}", "REPLACE")
end
redis.call("SET", "tailor:bench:seeded", stop)
return stop'

case "${1:-}" in
  templates)
    ./mvnw -B -q -Pbench test -Dtest=RenderSeedBench -Dsurefire.failIfNoSpecifiedTests=false \
      -Dbench.templates="$templates" \
      "-D%test.quarkus.redis.hosts=$(redis_url_for_db "$redis_db")" \
      "-D%test.quarkus.datasource.jdbc.url=jdbc:postgresql://$TAILOR_DB_HOST:$TAILOR_DB_PORT/$db_name" \
      "-D%test.quarkus.datasource.reactive.url=postgresql://$TAILOR_DB_HOST:$TAILOR_DB_PORT/$db_name" \
      -Dquarkus.http.test-port=0 \
      "-D%test.mp.messaging.incoming.events-in.enabled=false" \
      "-D%test.mp.messaging.incoming.segment-changes-in.enabled=false"
    redis SET tailor:bench:templates "$templates" >/dev/null
    redis SET tailor:bench:seeded 0 >/dev/null
    ;;
  '' | *[!0-9]*)
    echo "usage: $0 templates | COUNT" >&2
    exit 2
    ;;
  *)
    count=$1
    made=$(redis GET tailor:bench:templates)
    if [ -z "$made" ]; then
      echo "[seed] no templates in Redis db $redis_db: run '$0 templates' first" >&2
      exit 1
    fi
    seeded=$(redis GET tailor:bench:seeded)
    seeded=${seeded:-0}
    while [ "$seeded" -lt "$count" ]; do
      stop=$((seeded + chunk < count ? seeded + chunk : count))
      seeded=$(redis EVAL "$copy_script" 0 "$seeded" "$stop" "$made")
    done
    echo "[seed] $count customers in Redis db $redis_db ($(redis DBSIZE) keys)"
    ;;
esac
