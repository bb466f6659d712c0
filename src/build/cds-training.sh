#!/usr/bin/env bash
# The CDS archive's training run (pom.xml's cds-archive step, the Dockerfile): starts the packaged bridge in
# production mode on random loopback ports, lets it run until its routes have started and it says "Ready:",
# then stops it with SIGTERM, when the JVM writes the classes it loaded into the archive. Spring's
# -Dspring.context.exit=onRefresh stopped before Camel's routes, Tomcat and the broker's consumers had started,
# and those classes then came from the jar at every start (docs/benchmark.md, "Start time").
#   bash src/build/cds-training.sh JAVA JAR ARCHIVE JVM_OPTIONS DATA_DIR LOG
# Exits 0 with ARCHIVE written, else non-zero with the log's last lines.
set -u
java=$1 jar=$2 archive=$3 options=$4 data=$5 log=$6
rm -rf "$data" "$archive"
ARISTOTELOS_URL=http://127.0.0.1:9 ARISTOTELOS_TOKEN_URL=http://127.0.0.1:9/oauth/token \
  ARISTOTELOS_CLIENT_ID=cds-training ARISTOTELOS_CLIENT_SECRET=cds-training DAKTELA_CALLBACK_SECRET=cds-training \
  DAKTELA_URL= ARTEMIS_URL= MANAGEMENT_PASSWORD=cds-training SERVER_PORT=0 MANAGEMENT_PORT=0 BRIDGE_DATA_DIR="$data" \
  "$java" @"$options" -XX:SharedArchiveFile="$(dirname "$java")/../lib/server/classes.jsa" \
  -XX:ArchiveClassesAtExit="$archive" -jar "$jar" > "$log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  grep -q 'Ready: callbacks' "$log" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.2
done
ready=$(grep -c 'Ready: callbacks' "$log" 2>/dev/null)
kill -TERM $pid 2>/dev/null
wait $pid
rm -rf "$data"
if [ "${ready:-0}" -eq 0 ] || [ ! -s "$archive" ]; then
  echo "CDS training run failed (no 'Ready:' line or no archive); its log's last lines:" >&2
  tail -20 "$log" >&2
  exit 1
fi
