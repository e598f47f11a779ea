#!/usr/bin/env bash
# Federation throughput (README, Performance): a real Torg on its embedded PostgreSQL, driven over
# loopback HTTP, beside raw RSA ceilings measured in the same run. Takes about two minutes.
# Usage: server/bench/federation.sh   (options: -Dbench.inbound=N -Dbench.deliveries=N)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -DskipTests install -pl federation,web-client -am >/dev/null
mvn -q -pl server test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.torg.server.bench.FederationBenchmark -Dexec.cleanupDaemonThreads=false "$@"
