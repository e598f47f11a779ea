#!/usr/bin/env bash
# The soak (README, Performance): the packaged jar on a PostgreSQL of its own under mixed traffic
# (inbound replies, deliveries, posting, thread reads), a table per minute, exit 1 on failures or
# an upward trend in memory or latency. 30 minutes; CI runs it for 3.
# Usage: server/bench/soak.sh [-Dsoak.minutes=3] [-Dsoak.inbound_per_second=30 ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f server/target/torg.jar ] || mvn -q -DskipTests package
mvn -q -DskipTests install -pl federation,web-client -am >/dev/null
mvn -q -pl server test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.torg.server.bench.Soak -Dexec.cleanupDaemonThreads=false \
  -Dtorg.jar=server/target/torg.jar "$@"
