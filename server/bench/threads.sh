#!/usr/bin/env bash
# Thread reads (README, Performance): a real Torg on its embedded PostgreSQL, read over loopback
# HTTP beside a static file served by the same server (the ceiling of the run). About 2 minutes.
# Usage: server/bench/threads.sh   (options: -Dbench.reads=N -Dbench.warmup=N)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -DskipTests install -pl federation,web-client -am >/dev/null
mvn -q -pl server test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.torg.server.bench.ThreadBenchmark -Dexec.cleanupDaemonThreads=false "$@"
