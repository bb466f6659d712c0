#!/bin/bash
# The status page's parked list with many events parked: runs the packaged demo bridge (ports 8080 and 9090, a data
# directory of its own), parks events for SECS seconds (unready with a pause mappings.yaml lacks, parked without a
# call to AristoTelos), then times ten GET /actuator/parked?limit=200 and the bridge's CPU during them.
# Usage: bash bench/parked/measure.sh [label]   (SECS=30 by default; wrk and Java 25 needed)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd); cd "$ROOT"
label=${1:-parked}; secs=${SECS:-30}
source bench/lib.sh
out=$(mktemp -d /tmp/parked-list.XXXX); data=$out/data
BRIDGE_DATA_DIR=$data setsid "$JAVA" @jvm.options -jar target/bridge.jar > "$out/bridge.log" 2>&1 &
pid=$!
for i in $(seq 1 120); do grep -q 'Ready:' "$out/bridge.log" && break; sleep 0.5; done
wrk -t1 -c8 -d${secs}s -s bench/parked/park.lua http://127.0.0.1:8080/daktela/agent-state > "$out/wrk.txt"
sleep 5
count=$(curl -s -u admin:admin 'http://127.0.0.1:9090/actuator/parked?limit=1' | python3 -c 'import sys,json; print(json.load(sys.stdin)["count"])')
ticks=$(getconf CLK_TCK)
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat); t0=$EPOCHREALTIME
for i in $(seq 1 10); do curl -s -o /dev/null -u admin:admin 'http://127.0.0.1:9090/actuator/parked?limit=200'; done
t1=$EPOCHREALTIME; cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
echo "$label: $count parked; ten lists took $(python3 -c "print(round($t1 - $t0, 2))") s, the bridge's CPU $(( (cpu1 - cpu0) * 1000 / ticks )) ms"
kill -TERM $pid; wait $pid 2>/dev/null; rm -rf "$out"
