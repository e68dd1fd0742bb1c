#!/usr/bin/env bash
# Makes sure Tailor's services answer where they are configured: Redis (TAILOR_REDIS_URL, default 127.0.0.1:6379),
# PostgreSQL (TAILOR_DB_HOST/TAILOR_DB_PORT, 127.0.0.1:5432) and Kafka (TAILOR_KAFKA_BOOTSTRAP, 127.0.0.1:9092).
# Idempotent: running services are reused. A service configured on this machine (loopback) that does not answer is
# started on the configured port; one configured elsewhere is only checked, never started here: the script fails
# saying which does not answer. As root it installs missing Debian packages. Kafka, when no broker answers, runs as
# a real KRaft broker from Maven Central jars (see scripts/kafka/pom.xml). TAILOR_NAMESPACE (tailor.namespace) puts
# "$TAILOR_NAMESPACE." in front of the topics' names, as the application does. A three-master Redis Cluster for the
# tests that run on one (TAILOR_REDIS_CLUSTER_PORTS on loopback, default "7000 7001 7002"; empty: none) is reused
# when it answers cluster_state:ok, else started empty and created.
#
#   scripts/services.sh up     start what is missing, create databases and topics
#   scripts/services.sh down   stop the Kafka broker and the Redis Cluster this script started (Redis and PostgreSQL
#                              stay)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/services-env.sh"
run_dir="${TAILOR_RUN_DIR:-$root/.run}"
kafka_dir="$run_dir/kafka"
cluster_dir="$run_dir/redis-cluster"
read -ra cluster_ports <<<"${TAILOR_REDIS_CLUSTER_PORTS-7000 7001 7002}"
databases=("$TAILOR_DB_NAME" tailor_test tailor_crash)
namespace=${TAILOR_NAMESPACE:+$TAILOR_NAMESPACE.}
event_log=${namespace}tailor.events.v1
topics=("$event_log" "${namespace}tailor.events.dlq.v1" "${namespace}tailor.segment-changes.v1" "${namespace}tailor.segment-changes.dlq.v1")
topic_partitions=4

log() { echo "[services] $*"; }

answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() { # name host port seconds
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    answers "$2" "$3" && return 0
    sleep 0.5
  done
  log "$1 did not answer on $2:$3 within $4 s"
  return 1
}

elsewhere() { # name host port: a service configured on another machine must already answer
  if answers "$2" "$3"; then
    log "$1: running on $2:$3"
    return 0
  fi
  log "$1: nothing answers on $2:$3, which is not this machine: start it there (or point the settings here)"
  exit 1
}

apt_install() {
  bash "$root/scripts/apt-install.sh" "$@"
}

# Customer facts are hashes of a few dozen fields whose values reach a few hundred bytes; Redis keeps such a
# hash in its compact listpack form only when every value fits this limit (default 64): about half the memory.
redis_listpack_value=1024

redis_up() {
  if rcli ping >/dev/null 2>&1; then
    rcli config set hash-max-listpack-value "$redis_listpack_value" >/dev/null 2>&1 || true
    log "redis: running on $redis_host:$redis_port"
    return
  fi
  is_this_machine "$redis_host" || elsewhere redis "$redis_host" "$redis_port"
  if [ "$TAILOR_REDIS_CLIENT_TYPE" = cluster ]; then # a cluster's nodes are its operator's: checked, never started
    log "redis: the cluster node $redis_host:$redis_port does not answer: start that cluster (or point TAILOR_REDIS_URL at one)"
    exit 1
  fi
  if [ "$redis_scheme" = rediss ]; then # a TLS server needs its certificate, which only its owner has
    log "redis: nothing answers over TLS on $redis_host:$redis_port: start that Redis with its certificate (or use redis://)"
    exit 1
  fi
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  mkdir -p "$run_dir/redis"
  local auth=()
  [ -n "$redis_password" ] && auth=(--requirepass "$redis_password")
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --hash-max-listpack-value "$redis_listpack_value" --dir "$run_dir/redis" \
    --logfile "$run_dir/redis/redis-$redis_port.log" "${auth[@]}"
  wait_for redis 127.0.0.1 "$redis_port" 20
  log "redis: started on 127.0.0.1:$redis_port"
}

cluster_ok() { # port: that node answers and sees every slot served
  redis-cli -p "$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'
}

cluster_healthy() {
  local port
  for port in "${cluster_ports[@]}"; do cluster_ok "$port" || return 1; done
}

# The test cluster keeps nothing on disk: a node this script starts begins empty, with a fresh cluster config, and the
# cluster is created across all its ports. One answering without forming a cluster was started by someone else.
redis_cluster_up() {
  [ ${#cluster_ports[@]} -gt 0 ] || return 0
  if cluster_healthy; then
    log "redis cluster: running on ports ${cluster_ports[*]}"
    return
  fi
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  local port started=$SECONDS nodes=()
  for port in "${cluster_ports[@]}"; do
    if answers 127.0.0.1 "$port"; then
      log "redis cluster: port $port answers but the cluster is not ok (cluster_state); stop that server or choose other ports (TAILOR_REDIS_CLUSTER_PORTS)"
      exit 1
    fi
  done
  mkdir -p "$cluster_dir"
  for port in "${cluster_ports[@]}"; do
    rm -f "$cluster_dir/nodes-$port.conf"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 5000 \
      --hash-max-listpack-value "$redis_listpack_value" --dir "$cluster_dir" \
      --pidfile "$cluster_dir/redis-$port.pid" --logfile "$cluster_dir/redis-$port.log"
    nodes+=("127.0.0.1:$port")
  done
  for port in "${cluster_ports[@]}"; do wait_for "redis cluster node" 127.0.0.1 "$port" 20; done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$cluster_dir/create.log" 2>&1 || {
    log "redis cluster: creating it failed (see $cluster_dir/create.log)"
    exit 1
  }
  local i
  for ((i = 0; i < 40; i++)); do
    cluster_healthy && break
    sleep 0.5
  done
  cluster_healthy || { log "redis cluster: not ok within 20 s (logs in $cluster_dir)"; exit 1; }
  log "redis cluster: started on ports ${cluster_ports[*]} in $((SECONDS - started)) s"
}

redis_cluster_down() {
  local pidfile port
  for pidfile in "$cluster_dir"/redis-*.pid; do
    [ -f "$pidfile" ] || continue
    port=${pidfile##*/redis-}
    port=${port%.pid}
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$pidfile" "$cluster_dir/nodes-$port.conf"
    log "redis cluster: stopped the node on port $port"
  done
}

postgres_up() {
  if pg pg_isready -q 2>/dev/null; then
    log "postgresql: running on $TAILOR_DB_HOST:$TAILOR_DB_PORT"
  elif ! is_this_machine "$TAILOR_DB_HOST"; then
    elsewhere postgresql "$TAILOR_DB_HOST" "$TAILOR_DB_PORT"
  else
    if ! command -v pg_ctlcluster >/dev/null; then
      apt_install postgresql
      # A fresh Debian cluster asks for passwords on TCP; Tailor's local setup trusts loopback.
      local hba
      hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
    wait_for postgresql "$TAILOR_DB_HOST" "$TAILOR_DB_PORT" 30
    log "postgresql: started"
  fi
  local db
  for db in "${databases[@]}"; do
    if ! pg psql -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      pg psql -d postgres -qc "create database $db" && log "postgresql: created database $db"
    fi
  done
}

kafka_java() { # the broker's own command-line tools, quiet unless something goes wrong
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$kafka_dir/lib/*" "$@"
}

kafka_topics() { # creates the topics Tailor needs that the broker lacks, as Tailor itself makes them at start
  local existing topic
  existing=$(kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$TAILOR_KAFKA_BOOTSTRAP" --list 2>/dev/null)
  for topic in "${topics[@]}"; do
    if ! grep -qx "$topic" <<<"$existing"; then
      # The event log is the source of truth that replays, back-fills and unmerges read: kept for good. Dead
      # letters for 30 days (tailor.topics.dead-letter-retention).
      local retention=()
      [[ $topic == "$event_log" ]] && retention=(--config retention.ms=-1 --config retention.bytes=-1)
      [[ $topic == *.dlq.v1 ]] && retention=(--config retention.ms=2592000000)
      kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$TAILOR_KAFKA_BOOTSTRAP" --create --if-not-exists \
        --topic "$topic" --partitions "$topic_partitions" --replication-factor 1 "${retention[@]}" >/dev/null
      log "kafka: created topic $topic"
    fi
  done
}

kafka_jars() { # the broker and its tools, fetched once
  if ! ls "$kafka_dir"/lib/kafka_2.13-*.jar >/dev/null 2>&1; then
    log "kafka: fetching the broker and its tools from Maven Central"
    "$root/mvnw" -B -q -f "$root/scripts/kafka/pom.xml" package -Dkafka.lib="$kafka_dir/lib"
  fi
}

kafka_up() {
  if answers "$kafka_host" "$kafka_port"; then
    log "kafka: running on $kafka_host:$kafka_port"
    kafka_jars
    kafka_topics
    return
  fi
  is_this_machine "$kafka_host" || elsewhere kafka "$kafka_host" "$kafka_port"
  if [ "$kafka_port" != 9092 ]; then
    log "kafka: nothing answers on $kafka_host:$kafka_port; the broker this script starts listens on 9092 only"
    exit 1
  fi
  kafka_jars
  mkdir -p "$kafka_dir/data"
  cat >"$kafka_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kafka_dir/data
num.partitions=$topic_partitions
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [ ! -f "$kafka_dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$kafka_dir/server.properties" >/dev/null
  fi
  log "kafka: starting a KRaft broker (log in $kafka_dir/broker.log)"
  nohup setsid java -Xmx512m -Xms256m -cp "$kafka_dir/lib/*" kafka.Kafka "$kafka_dir/server.properties" \
    >"$kafka_dir/broker.log" 2>&1 </dev/null &
  echo $! >"$kafka_dir/broker.pid"
  wait_for kafka 127.0.0.1 9092 90
  kafka_topics
  log "kafka: started"
}

kafka_down() {
  if [ -f "$kafka_dir/broker.pid" ]; then
    kill "$(cat "$kafka_dir/broker.pid")" 2>/dev/null || true
    rm -f "$kafka_dir/broker.pid"
    log "kafka: stopped"
  fi
}

case "${1:-up}" in
  up) redis_up; redis_cluster_up; postgres_up; kafka_up ;;
  down) kafka_down; redis_cluster_down ;;
  *) echo "usage: $0 [up|down]" >&2; exit 2 ;;
esac
