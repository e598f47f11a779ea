#!/usr/bin/env bash
# Search at a million posts (README, Performance): generated posts in Swedish, Norwegian and
# English on the embedded PostgreSQL, each query timed as GET /api/v1/search runs it.
# Generating takes a few minutes. Usage: server/bench/search.sh [-Dbench.posts=N -Dbench.runs=N -Dbench.rounds=N]
# [-Dbench.dataDir=DIR (keeps the posts: a second run skips generating) -Dbench.queries=a,b -Dbench.hold=SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -DskipTests install -pl federation,web-client -am >/dev/null
mvn -q -pl server test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.torg.server.bench.SearchBenchmark -Dexec.cleanupDaemonThreads=false "$@"
