# Sourced by the scripts and benchmarks: where Tailor's services are, from the same environment variables the
# application reads (see docs/configuration.md), so that a script and the application it starts
# always talk to the same Redis, PostgreSQL and Kafka.
#
#   TAILOR_REDIS_URL        redis://[[user]:password@]host[:port][/database], rediss:// for TLS
#                           (default redis://$TAILOR_REDIS_HOST:6379, TAILOR_REDIS_HOST defaulting to 127.0.0.1)
#   TAILOR_REDIS_PASSWORD   the password when it is not in the URL
#   TAILOR_REDIS_CA         PEM certificates of the authority that signed a rediss:// server's certificate, when the
#                           system's trust store does not hold it (the application reads it too)
#   TAILOR_DB_HOST, TAILOR_DB_PORT, TAILOR_DB_NAME, TAILOR_DB_USER, TAILOR_DB_PASSWORD
#                           PostgreSQL (127.0.0.1, 5432, tailor, postgres, none)
#   TAILOR_KAFKA_BOOTSTRAP  Kafka's bootstrap servers, comma-separated (127.0.0.1:9092)

#   TAILOR_REDIS_CLIENT_TYPE  cluster when TAILOR_REDIS_URL lists nodes of a Redis Cluster, comma-separated (the
#                           scripts talk to the first)

export TAILOR_REDIS_URL=${TAILOR_REDIS_URL:-redis://${TAILOR_REDIS_HOST:-127.0.0.1}:6379}
export TAILOR_REDIS_CLIENT_TYPE=${TAILOR_REDIS_CLIENT_TYPE:-standalone}
if [[ ! ${TAILOR_REDIS_URL%%,*} =~ ^(rediss?)://(([^:@/]*)(:([^@/]*))?@)?([^:/@]+|\[[^]/]+\])(:([0-9]+))?(/([0-9]+))?/?$ ]]; then
  echo "TAILOR_REDIS_URL is not redis://[[user]:password@]host[:port][/database] (or rediss://): $TAILOR_REDIS_URL" >&2
  exit 2
fi
redis_scheme=${BASH_REMATCH[1]}
redis_user=${BASH_REMATCH[3]}
redis_password=${BASH_REMATCH[5]:-${TAILOR_REDIS_PASSWORD:-}}
redis_host=${BASH_REMATCH[6]}
redis_port=${BASH_REMATCH[8]:-6379}
redis_db=${BASH_REMATCH[10]:-0}

export TAILOR_DB_HOST=${TAILOR_DB_HOST:-127.0.0.1}
export TAILOR_DB_PORT=${TAILOR_DB_PORT:-5432}
export TAILOR_DB_NAME=${TAILOR_DB_NAME:-tailor}
export TAILOR_DB_USER=${TAILOR_DB_USER:-postgres}

export TAILOR_KAFKA_BOOTSTRAP=${TAILOR_KAFKA_BOOTSTRAP:-127.0.0.1:9092}
kafka_first=${TAILOR_KAFKA_BOOTSTRAP%%,*}
kafka_host=${kafka_first%:*}
kafka_port=${kafka_first##*:}

is_this_machine() { # host: an address a service started here would listen on
  [[ $1 == localhost || $1 == 127.* || $1 == '[::1]' || $1 == ::1 ]]
}

redis_url_for_db() { # database: the configured Redis URL on another database (benchmarks keep theirs apart)
  local auth=
  [ -n "$redis_user$redis_password" ] && auth="$redis_user${redis_password:+:$redis_password}@"
  echo "$redis_scheme://$auth$redis_host:$redis_port/$1"
}

redis_tls() { # redis-cli's TLS options for the configured Redis
  [ "$redis_scheme" = rediss ] || return 0
  echo --tls
  [ -z "${TAILOR_REDIS_CA:-}" ] || printf '%s\n' --cacert "$TAILOR_REDIS_CA"
}

rcli() { # redis-cli on the configured Redis and database; -n given after overrides the database
  local tls=()
  mapfile -t tls < <(redis_tls)
  local user=()
  [ -n "$redis_user" ] && user=(--user "$redis_user")
  # The password goes through the environment, not the command line that ps shows.
  local auth=()
  [ -n "$redis_password" ] && auth=("REDISCLI_AUTH=$redis_password")
  env "${auth[@]}" redis-cli -h "${redis_host//[\[\]]/}" -p "$redis_port" -n "$redis_db" \
    "${user[@]}" "${tls[@]}" "$@"
}

pg() { # a client (psql, pg_isready) on the configured PostgreSQL
  local tool=$1
  shift
  PGPASSWORD=${TAILOR_DB_PASSWORD:-} "$tool" -h "$TAILOR_DB_HOST" -p "$TAILOR_DB_PORT" -U "$TAILOR_DB_USER" "$@"
}

ensure_tools() { # command...: installs those missing (each command is its Debian package's name)
  local missing=() tool
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] || bash "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" "${missing[@]}"
}

ensure_database() { # name: creates that PostgreSQL database when it is missing (benchmarks keep theirs apart)
  if ! pg psql -d postgres -tAc "select 1 from pg_database where datname = '$1'" | grep -q 1; then
    pg psql -d postgres -qc "create database \"$1\""
  fi
}

redis_benchmark() { # redis-benchmark on the configured Redis (its database given by the caller's --dbnum)
  local tls=()
  mapfile -t tls < <(redis_tls)
  local user=()
  [ -n "$redis_user" ] && user=(--user "$redis_user")
  local auth=()
  [ -n "$redis_password" ] && auth=(-a "$redis_password")
  redis-benchmark -h "${redis_host//[\[\]]/}" -p "$redis_port" "${user[@]}" "${auth[@]}" "${tls[@]}" "$@"
}
