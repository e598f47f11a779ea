#!/usr/bin/env bash
# Cluster benchmark (README, Performance): inbound activities/s and thread reads/s through HAProxy on
# deploy/local-cluster.sh's setup (Debian's PostgreSQL server, the packaged jar as separate processes),
# with one node unclustered, one clustered and two clustered, beside the CPU per request of the nodes,
# PostgreSQL and HAProxy. Takes about five minutes. Needs postgresql and haproxy (Debian packages).
# Usage: server/bench/cluster.sh   (options: -Dbench.inbound=N -Dbench.reads=N -Dbench.warmup=N)
set -euo pipefail
cd "$(dirname "$0")/../.."
# The jar the nodes run and the benchmark's classes, built from this checkout's modules alone
# (nothing is installed in ~/.m2); the jar carries every runtime dependency the driver needs.
mvn -q -DskipTests package
mvn -q -pl server -am test-compile
cd server
exec java -Dtorg.jar=target/torg.jar "$@" -cp target/test-classes:target/torg.jar org.torg.server.bench.ClusterBenchmark
