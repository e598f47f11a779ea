#!/usr/bin/env bash
# Several Torg nodes on this machine, without Docker (README, "Running several nodes"): Debian's
# PostgreSQL server on a port and data directory of its own, N nodes on their own loopback
# addresses forming one cluster, and HAProxy in front of them.
#
#   deploy/local-cluster.sh start        # PostgreSQL, the nodes, HAProxy; returns once all are ready
#   deploy/local-cluster.sh stop         # stops what start started, each by its PID
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh kill-node N  # SIGKILL node N (1-based), as a crash would
#   deploy/local-cluster.sh start-node N
#
# Addresses: HAProxy and PostgreSQL on 127.0.0.80, node N on 127.0.0.(80+N). Torg is at
# http://127.0.0.80:$TORG_LB_PORT through the load balancer.
# Environment: TORG_CLUSTER_DIR (state, logs; default /tmp/torg-local-cluster), TORG_NODES (2, at
# most 9), TORG_LB_PORT (8080; the nodes listen on the same port on their own addresses),
# TORG_PG_PORT (15480), TORG_JAR (server/target/torg.jar). Any other TORG_* variable set when
# calling start reaches every node (e.g. TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE=20).
# Needs: java, curl, PostgreSQL's server binaries (Debian: postgresql) and haproxy.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${TORG_CLUSTER_DIR:-/tmp/torg-local-cluster}
NODES=${TORG_NODES:-2}
LB_PORT=${TORG_LB_PORT:-8080}
PG_PORT=${TORG_PG_PORT:-15480}
JAR=$(realpath -m "${TORG_JAR:-server/target/torg.jar}")
LB_HOST=127.0.0.80
PG_HOST=127.0.0.80
PG_PASSWORD_FILE=$DIR/pg-password
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

say() { echo "local-cluster: $*"; }
die() { echo "local-cluster: $*" >&2; exit 1; }

node_host() { echo "127.0.0.$((80 + $1))"; }
members() {
  local out="" i
  for i in $(seq 1 "$NODES"); do out+="${out:+,}$(node_host "$i"):5701"; done
  echo "$out"
}
alive() { [ -f "$1" ] && kill -0 "$(head -1 "$1")" 2>/dev/null; }

# PostgreSQL refuses to run as root: as root, its files belong to the postgres user and it runs as that user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "PostgreSQL's server is not installed (Debian: apt-get install postgresql)"
  if alive "$DIR/pg/postmaster.pid"; then say "PostgreSQL already running"; return; fi
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    mkdir -p "$DIR/pg" "$DIR/pg-run"
    head -c 18 /dev/urandom | base64 | tr -d '+/=' > "$PG_PASSWORD_FILE"
    if [ "$(id -u)" = 0 ]; then chown postgres "$DIR/pg" "$DIR/pg-run" "$PG_PASSWORD_FILE"; fi
    as_pg "$PG_BIN/initdb" -D "$DIR/pg" -U torg --pwfile="$PG_PASSWORD_FILE" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
      > "$DIR/initdb.log" 2>&1 || die "initdb failed: see $DIR/initdb.log"
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg-run/postgres.log" -w -t 60 \
    -o "-c listen_addresses=$PG_HOST -c port=$PG_PORT -c unix_socket_directories=$DIR/pg-run -c max_connections=200" \
    start > /dev/null || die "PostgreSQL did not start: see $DIR/pg-run/postgres.log"
  PGPASSWORD=$(cat "$PG_PASSWORD_FILE") "$PG_BIN/psql" -q -h "$PG_HOST" -p "$PG_PORT" -U torg -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'torg'" | grep -q 1 \
    || PGPASSWORD=$(cat "$PG_PASSWORD_FILE") "$PG_BIN/psql" -q -h "$PG_HOST" -p "$PG_PORT" -U torg -d postgres -c "CREATE DATABASE torg"
  say "PostgreSQL $(basename "$(dirname "$PG_BIN")") on $PG_HOST:$PG_PORT (PID $(head -1 "$DIR/pg/postmaster.pid"))"
}

start_node() {
  local n=$1 host
  host=$(node_host "$n")
  [ -f "$JAR" ] || die "$JAR is missing: build it first (mvn -q -DskipTests package)"
  if alive "$DIR/node-$n.pid"; then say "node $n already running"; return; fi
  mkdir -p "$DIR/shared"
  # The node inherits the caller's TORG_* variables; those below describe the cluster.
  env \
    TORG_PUBLIC_URL="http://$LB_HOST:$LB_PORT" \
    TORG_HTTP_HOST="$host" TORG_HTTP_PORT="$LB_PORT" TORG_HTTP_BEHIND_PROXY=true \
    TORG_DATABASE_URL="postgresql://torg:$(cat "$PG_PASSWORD_FILE")@$PG_HOST:$PG_PORT/torg" \
    TORG_DATA_DIR="$DIR/shared" \
    TORG_CLUSTER_ENABLED="${TORG_CLUSTER_ENABLED:-true}" TORG_CLUSTER_HOST="$host" TORG_CLUSTER_PORT=5701 TORG_CLUSTER_MEMBERS="$(members)" \
    nohup java ${TORG_JAVA_OPTS:-} -jar "$JAR" >> "$DIR/node-$n.log" 2>&1 < /dev/null &
  echo $! > "$DIR/node-$n.pid"
  local deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null "http://$host:$LB_PORT/ready"; do
    alive "$DIR/node-$n.pid" || die "node $n exited: see $DIR/node-$n.log"
    [ $SECONDS -lt $deadline ] || die "node $n not ready after 120 s: see $DIR/node-$n.log"
    sleep 0.3
  done
  say "node $n on $host:$LB_PORT (PID $(cat "$DIR/node-$n.pid"))"
}

start_haproxy() {
  command -v haproxy > /dev/null || die "haproxy is not installed (Debian: apt-get install haproxy)"
  if alive "$DIR/haproxy.pid"; then say "HAProxy already running"; return; fi
  {
    echo "# Written by deploy/local-cluster.sh; the same shape as deploy/haproxy.cfg."
    echo "global"
    echo "  maxconn 4096"
    echo "defaults"
    echo "  mode http"
    echo "  timeout connect 2s"
    echo "  timeout client 60s"
    echo "  timeout server 60s"
    echo "  option forwardfor"
    echo "  option redispatch"
    echo "  retries 2"
    echo "frontend torg"
    echo "  bind $LB_HOST:$LB_PORT"
    echo "  default_backend nodes"
    echo "backend nodes"
    echo "  balance roundrobin"
    echo "  option httpchk GET /ready"
    echo "  http-check expect status 200"
    echo "  default-server inter 500ms fall 2 rise 2"
    for i in $(seq 1 "$NODES"); do echo "  server node$i $(node_host "$i"):$LB_PORT check"; done
  } > "$DIR/haproxy.cfg"
  nohup haproxy -db -f "$DIR/haproxy.cfg" >> "$DIR/haproxy.log" 2>&1 < /dev/null &
  echo $! > "$DIR/haproxy.pid"
  local deadline=$((SECONDS + 20))
  until curl -fs -o /dev/null "http://$LB_HOST:$LB_PORT/ready"; do
    alive "$DIR/haproxy.pid" || die "HAProxy exited: see $DIR/haproxy.log"
    [ $SECONDS -lt $deadline ] || die "HAProxy not answering after 20 s: see $DIR/haproxy.log"
    sleep 0.2
  done
  say "HAProxy on $LB_HOST:$LB_PORT (PID $(cat "$DIR/haproxy.pid")): Torg is at http://$LB_HOST:$LB_PORT"
}

stop_pid_file() {
  local file=$1 signal=$2 what=$3 pid
  alive "$file" || return 0
  pid=$(head -1 "$file")
  kill "-$signal" "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || { say "stopped $what (PID $pid)"; return 0; }; sleep 0.1; done
  say "$what (PID $pid) still running after 30 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

stop_all() {
  stop_pid_file "$DIR/haproxy.pid" TERM HAProxy
  for i in $(seq 1 "$NODES"); do stop_pid_file "$DIR/node-$i.pid" TERM "node $i"; done
  # SIGINT is PostgreSQL's fast shutdown.
  stop_pid_file "$DIR/pg/postmaster.pid" INT PostgreSQL
}

[ "$NODES" -ge 1 ] && [ "$NODES" -le 9 ] || die "TORG_NODES must be 1 to 9"
case "${1:-}" in
  start)
    mkdir -p "$DIR"
    start_postgres
    # The first node makes the shared keyset and runs the migrations before the others start.
    for i in $(seq 1 "$NODES"); do start_node "$i"; done
    start_haproxy
    ;;
  stop) stop_all ;;
  status)
    alive "$DIR/pg/postmaster.pid" && say "PostgreSQL running" || say "PostgreSQL stopped"
    for i in $(seq 1 "$NODES"); do alive "$DIR/node-$i.pid" && say "node $i running" || say "node $i stopped"; done
    alive "$DIR/haproxy.pid" && say "HAProxy running" || say "HAProxy stopped"
    ;;
  kill-node)
    n=${2:?node number}
    alive "$DIR/node-$n.pid" || die "node $n is not running"
    kill -KILL "$(cat "$DIR/node-$n.pid")"
    say "node $n killed (SIGKILL)"
    ;;
  start-node) start_node "${2:?node number}" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
