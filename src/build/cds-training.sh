#!/usr/bin/env bash
# The CDS archive's training run (pom.xml's cds-archive step, the Dockerfile): starts the packaged bridge in
# production mode on random loopback ports, lets it run until its routes have started and it says "Ready:",
# then stops it with SIGTERM, when the JVM writes the classes it loaded into the archive. Spring's
# -Dspring.context.exit=onRefresh stopped before Camel's routes, Tomcat and the broker's consumers had started,
# and those classes then came from the jar at every start (docs/benchmark.md, "Start time").
#   bash src/build/cds-training.sh JAVA JAR ARCHIVE JVM_OPTIONS DATA_DIR LOG   (in the folder of routes/ and mappings.yaml)
# Exits 0 with ARCHIVE written, else 1 with no ARCHIVE and the log's last lines.
set -u
java=$1 jar=$2 archive=$3 options=$4 data=$5 log=$6
rm -rf "$data" "$archive"
# both ports on loopback: production mode's callback port would listen on every interface; the mappings of the
# working directory, whatever MAPPINGS_FILE the builder's shell has
ARISTOTELOS_URL=http://127.0.0.1:9 ARISTOTELOS_TOKEN_URL=http://127.0.0.1:9/oauth/token \
  ARISTOTELOS_CLIENT_ID=cds-training ARISTOTELOS_CLIENT_SECRET=cds-training DAKTELA_CALLBACK_SECRET=cds-training \
  DAKTELA_URL= ARTEMIS_URL= MANAGEMENT_PASSWORD=cds-training SERVER_ADDRESS=127.0.0.1 SERVER_PORT=0 \
  MANAGEMENT_ADDRESS=127.0.0.1 MANAGEMENT_PORT=0 MAPPINGS_FILE=mappings.yaml BRIDGE_DATA_DIR="$data" \
  "$java" @"$options" -XX:SharedArchiveFile="$(dirname "$java")/../lib/server/classes.jsa" \
  -XX:ArchiveClassesAtExit="$archive" -jar "$jar" > "$log" 2>&1 &
pid=$!
# a look every half second: each one forks, and the forks take CPU from the start being recorded
for _ in $(seq 1 240); do
  grep -q 'Ready: callbacks' "$log" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.5
done
ready=$(grep -c 'Ready: callbacks' "$log" 2>/dev/null)
kill -TERM $pid 2>/dev/null
# the stop and the archive's dump take about 10 s; a JVM that hangs in them must not hang the build
# (its streams away from the build's output, which Maven reads to the end; killed, it never sends its SIGKILL)
( sleep 120; kill -KILL $pid ) < /dev/null > /dev/null 2>&1 &
watchdog=$!
wait $pid
kill $watchdog 2>/dev/null
rm -rf "$data"
if [ "${ready:-0}" -eq 0 ] || [ ! -s "$archive" ]; then
  echo "CDS training run failed (no 'Ready:' line or no archive); its log's last lines:" >&2
  tail -20 "$log" >&2
  # an archive of a start that failed holds the wrong classes
  rm -f "$archive"
  exit 1
fi
