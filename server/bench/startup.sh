#!/usr/bin/env bash
# Start-up and idle memory of the packaged jar on its embedded PostgreSQL, as the README's run
# command starts it. For each of RUNS rounds, in a fresh working directory:
#   first start  - empty data dir: unpack PostgreSQL, initdb, migrate, generate the instance key;
#   restart      - the same data dir again;
#   idle RSS     - IDLE_SECONDS after the restart is ready: the JVM, and JVM + its PostgreSQL.
# Prints each round and the medians. Usage: server/bench/startup.sh [path/to/torg.jar]
set -euo pipefail
JAR=$(realpath "${1:-server/target/torg.jar}")
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-10}
PORT=${PORT:-18080}

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

start_and_time() { # dir -> prints "pid ms"
  local dir=$1 t0 pid
  t0=$(now_ms)
  (cd "$dir" && exec env TORG_HTTP_PORT="$PORT" java -jar "$JAR" >>"$dir/out.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; then
      echo "$pid $(( $(now_ms) - t0 ))"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "Torg exited; see $dir/out.log" >&2; return 1; }
    sleep 0.05
  done
  echo "not ready within 60 s" >&2; kill "$pid"; return 1
}

stop() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }

first=(); restart=(); jvm=(); total=()
for round in $(seq 1 "$RUNS"); do
  dir=$(mktemp -d)
  read -r pid ms < <(start_and_time "$dir"); first+=("$ms"); stop "$pid"
  read -r pid ms < <(start_and_time "$dir"); restart+=("$ms")
  sleep "$IDLE_SECONDS"
  j=$(rss_kb "$pid")
  pg=0
  for p in $(pgrep -f "$dir/data/postgres" || true); do pg=$((pg + $(rss_kb "$p"))); done
  jvm+=("$((j / 1024))"); total+=("$(((j + pg) / 1024))")
  stop "$pid"; rm -rf "$dir"
  echo "round $round: first start ${first[-1]} ms, restart ${restart[-1]} ms, idle RSS JVM ${jvm[-1]} MiB, JVM+PostgreSQL ${total[-1]} MiB"
done
echo "median of $RUNS: first start $(printf '%s\n' "${first[@]}" | median) ms," \
  "restart $(printf '%s\n' "${restart[@]}" | median) ms," \
  "idle RSS JVM $(printf '%s\n' "${jvm[@]}" | median) MiB," \
  "JVM+PostgreSQL $(printf '%s\n' "${total[@]}" | median) MiB"
