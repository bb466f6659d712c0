#!/usr/bin/env bash
# The callback benchmark: starts the real bridge in-process (embedded broker, the tests'
# AristoTelos simulator, loopback only), measures accepted/s, delivered/s and end-to-end
# latency, writes target/benchmark-report.txt. Fails (non-zero) when an accepted event was lost,
# or when a parameter cannot be used (it names the parameter and what it takes).
#   bash bench/run.sh                                  # defaults
#   bash bench/run.sh -Dbench.count=5000 -Dbench.seconds=10
# Needs the "benchmark" profile in pom.xml (exec-maven-plugin, classpathScope test).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -q -Pbenchmark test-compile exec:exec "$@"
