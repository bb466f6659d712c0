#!/usr/bin/env bash
# Heap under a backlog: the packaged bridge with the shipped jvm.options takes EVENTS new events in
# batches of 100 (wrk -t1 -c4, rounds of 20 s) while delivering them to a fast fake AristoTelos
# (bench/peers/sink.js), so that the broker's duplicate-id cache fills (bridge.callback.duplicate-ids,
# 200,000) and a backlog builds. Prints per round: events accepted, delivered, RSS and the last GC
# line; at the end, after the deliveries stop moving: the heap after a full collection, the number of
# full collections, peak RSS, and whether an OutOfMemoryError was logged. Loopback only; stops by itself.
#   bash bench/backlog-fill.sh                 # 210,000 events
#   EVENTS=50000 JAVA_OPTS="-Xmx128m -Dbridge.callback.duplicate-ids=50000" bash bench/backlog-fill.sh   # a smaller heap needs a smaller id cache (the start says so)
# Needs wrk, node, java (with jcmd), curl, python3; builds target/bridge.jar with mvn package if missing.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd); PEERS=$ROOT/bench/peers
. "$ROOT/bench/lib.sh"
EVENTS=${EVENTS:-210000}; SINK=18399; PORT=18380; OUT=$(mktemp -d /tmp/backlog-fill.XXXX); data=$OUT/data
[ -f "$ROOT/target/bridge.jar" ] || (cd "$ROOT" && mvn -B -q package -DskipTests) || exit 2
node "$PEERS/sink.js" $SINK > "$OUT/sink.log" 2>&1 & SINK_PID=$!
(cd "$ROOT" && LOGGING_LEVEL_CZ_BRIDGE=WARN bridge_env $PORT 18391 $SINK "$data" \
  "$JAVA" @jvm.options ${JAVA_OPTS:-} -Xlog:gc:file=$OUT/gc.log -jar target/bridge.jar) > "$OUT/bridge.log" 2>&1 &
PID=$!
trap 'kill $PID $SINK_PID 2>/dev/null' EXIT
for i in $(seq 600); do
  code=$(probe $PORT probe)
  [[ $code =~ ^20 ]] && break; kill -0 $PID 2>/dev/null || { echo "the bridge did not start: $OUT/bridge.log"; exit 1; }; sleep 0.2
done
stats() { sink_count $SINK; }
total=0; rounds=0
while [ $total -lt $EVENTS ] && [ $rounds -lt 100 ]; do
  rounds=$((rounds + 1))
  wrk -t1 -c4 -d20s -s "$PEERS/batch.lua" http://127.0.0.1:$PORT/daktela/agent-state > "$OUT/wrk.txt"
  req=$(awk '/requests in/{print $1}' "$OUT/wrk.txt"); bad=$(awk '/Non-2xx/{print $5}' "$OUT/wrk.txt")
  total=$((total + (req - ${bad:-0}) * 100))
  echo "$(date +%T) accepted $total (non-2xx answers ${bad:-0}) delivered $(stats) rss $(awk '/VmRSS/{print $2}' /proc/$PID/status) kB; $(tail -1 "$OUT/gc.log")"
  kill -0 $PID 2>/dev/null || { echo "the bridge died: $OUT/bridge.log"; exit 1; }
done
last=-1; for i in $(seq 120); do c=$(stats); [ "$c" = "$last" ] && break; last=$c; echo "$(date +%T) delivered $c"; sleep 10; done
jcmd $PID GC.run > /dev/null; jcmd $PID GC.heap_info > "$OUT/heap.txt"
echo "after a full collection: $(grep -i -A1 'tenured' "$OUT/heap.txt" | tail -1 | sed 's/\[.*//')"
echo "full collections $(grep -c 'Pause Full' "$OUT/gc.log"); peak RSS $(awk '/VmHWM/{print $2}' /proc/$PID/status) kB; OutOfMemoryError in the log: $(grep -c OutOfMemoryError "$OUT/bridge.log")"
echo "logs: $OUT" >&2
