#!/usr/bin/env bash
# Validates rule sets for CI: compiles each one, checks its declared facts, runs its scenarios and its decision
# table checks, prints file:line:col errors and failing scenarios, writes a JUnit XML report, and exits 0 when
# everything passed, 1 when anything failed, 2 on a usage error (no rule sets found).
#
# Needs no running service: the scenarios run on a private, throwaway redis-server (the Debian package
# redis-server on the PATH) that this script starts on a free loopback port and stops at the end. Without
# redis-server, or with TAILOR_VALIDATE_REDIS set, it uses the Redis named by TAILOR_VALIDATE_REDIS, else the one
# TAILOR_REDIS_URL configures (default redis://127.0.0.1:6379/0), deleting only the customers its scenarios create.
# No Kafka, no PostgreSQL.
#
#   scripts/validate.sh [rules dir, default rules/] [--junit report.xml, default target/rule-validation.xml]
#
# Paths are taken relative to the current directory. JAVA_OPTS is passed to the JVM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

jar=$("$root/scripts/package.sh")
dir=${1:-rules}
shift || true

redis=${TAILOR_VALIDATE_REDIS:-}
if [ -z "$redis" ] && command -v redis-server >/dev/null; then
  work=$(mktemp -d)
  redis_pid=
  stop_redis() {
    [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
    rm -rf "$work"
  }
  trap stop_redis EXIT
  pong() { # port: a Redis answers PING there
    local reply
    { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && read -r -t 1 reply <&3; } 2>/dev/null || return 1
    exec 3>&-
    [[ $reply == +PONG* ]]
  }
  # A free port: another process may take it between the check and the start, so a failed start tries the next.
  for port in $(shuf -i 20000-40000 -n 20); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$work" \
      --logfile "$work/redis.log" &
    redis_pid=$!
    for _ in $(seq 50); do
      pong "$port" && break
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$redis_pid" 2>/dev/null && pong "$port"; then
      redis=redis://127.0.0.1:$port
      break
    fi
    redis_pid=
  done
  [ -n "$redis" ] || { echo "validate: could not start a private redis-server:" >&2; cat "$work/redis.log" >&2; exit 2; }
fi
if [ -z "$redis" ]; then
  source "$root/scripts/lib/services-env.sh"
  redis=$TAILOR_REDIS_URL
fi

# Not exec: the private Redis is stopped when Java ends.
status=0
java ${JAVA_OPTS:-} -Dquarkus.profile=validate "-Dquarkus.redis.hosts=$redis" -jar "$jar" validate "$dir" "$@" ||
  status=$?
exit "$status"
