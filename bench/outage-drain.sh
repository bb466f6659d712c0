#!/usr/bin/env bash
# The backlog after an AristoTelos outage, in one command: the packaged bridge (jvm.options, production
# mode) takes callbacks at saturation (wrk -t1 -cCONN, a new event id per callback over 200 agents) for
# OUTAGE s while the fake AristoTelos (bench/peers/sink.js) answers 503; then AristoTelos is back, no more
# callbacks come, and the script waits until every accepted event has arrived. Not part of the build or CI.
#   bash bench/outage-drain.sh
#   OUTAGE=30 BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS=5000 bash bench/outage-drain.sh   # any bridge setting by env
# Prints: events accepted during the outage, seconds from AristoTelos back to the first delivery (the
# retry back-off and the circuit breaker decide it), seconds from the first to the last delivery of the
# backlog and the rate over them, the rate from AristoTelos back to the last delivery, the 503s answered
# (retries that reached AristoTelos), peak RSS. Needs wrk, node, java, python3, curl.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); PEERS=$HERE/peers; ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/lib.sh"
OUT=${OUT:-$(mktemp -d /tmp/outage-drain.XXXX)}; mkdir -p "$OUT"
SINK=${SINK:-18199}; PORT=${PORT:-18180}; MPORT=${MPORT:-18190}
WARM=${WARM:-10}; OUTAGE=${OUTAGE:-60}; CONN=${CONN:-16}; TIMEOUT=${TIMEOUT:-900}
for tool in wrk node java python3 curl; do
  command -v $tool >/dev/null || { echo "$tool is missing (wrk: apt-get install -y wrk)"; exit 2; }
done
[ -f "$ROOT/target/bridge.jar" ] || (cd "$ROOT" && mvn -B -q -DskipTests package) || exit 2
for p in $SINK $PORT $MPORT; do
  (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && { echo "port $p is in use (another run?): set SINK, PORT, MPORT" >&2; exit 2; }
done
data=$(mktemp -d /tmp/outage-drain-data.XXXX)
node "$PEERS/sink.js" $SINK > "$OUT/sink.log" 2>&1 & SINK_PID=$!
BRIDGE_PID=
cleanup() { [ -n "$BRIDGE_PID" ] && kill $BRIDGE_PID 2>/dev/null; wait $BRIDGE_PID 2>/dev/null; kill $SINK_PID 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
sleep 0.5
sink() { curl -s http://127.0.0.1:$SINK/$1; }
count() { sink_count $SINK; }
accepted() { echo $(( $(awk '/requests in/{print $1}' "$1") - $(awk '/Non-2xx/{print $5}' "$1" | grep . || echo 0) )); }

(cd "$ROOT" && bridge_env $PORT $MPORT $SINK "$data" \
  "$JAVA" ${BRIDGE_JAVA_OPTS:-@$ROOT/jvm.options} -jar target/bridge.jar) > "$OUT/bridge.log" 2>&1 &
BRIDGE_PID=$!
t0=$(date +%s)
until [[ "$(probe $PORT probe)" =~ ^20 ]]; do
  sleep 0.2
  kill -0 $BRIDGE_PID 2>/dev/null || { echo "the bridge stopped: see $OUT/bridge.log" >&2; exit 1; }
  [ $(( $(date +%s) - t0 )) -gt 120 ] && { echo "the bridge did not start in 120 s: see $OUT/bridge.log" >&2; exit 1; }
done
echo "bridge up; $WARM s warm-up with AristoTelos there ..." >&2
wrk -t1 -c$CONN -d${WARM}s -s "$PEERS/post.lua" http://127.0.0.1:$PORT/daktela/agent-state > "$OUT/warm.txt"
expected=$(( 1 + $(accepted "$OUT/warm.txt") ))
until [ "$(count)" -ge $expected ]; do sleep 1; done
before=$(count)

echo "AristoTelos down (503) for $OUTAGE s under load ..." >&2
sink down > /dev/null
wrk -t1 -c$CONN -d${OUTAGE}s -s "$PEERS/post.lua" http://127.0.0.1:$PORT/daktela/agent-state > "$OUT/outage.txt"
backlog=$(accepted "$OUT/outage.txt")
up_at=$(sink up | python3 -c 'import json,sys;print(json.load(sys.stdin)["at"])')
echo "AristoTelos back; $backlog events accepted during the outage, waiting for all of them ..." >&2
target=$(( before + backlog )); tup=$EPOCHSECONDS; next=10
while :; do
  c=$(count); [ "$c" -ge $target ] && break
  el=$(( EPOCHSECONDS - tup ))
  [ $el -ge $next ] && { echo "  $el s: $(( c - before )) of $backlog delivered" >&2; next=$(( next + 10 )); }
  [ $el -gt $TIMEOUT ] && { echo "not all delivered after $TIMEOUT s ($(( c - before )) of $backlog): see $OUT/bridge.log" >&2; exit 1; }
  sleep 0.5
done
rss=$(awk '/VmHWM/{print int($2/1024)}' /proc/$BRIDGE_PID/status)
sink times > "$OUT/times.json"; sink stats > "$OUT/stats.json"
python3 - "$OUT/times.json" "$OUT/stats.json" "$up_at" "$backlog" "$OUTAGE" "$rss" <<'EOF'
import json, sys
times = json.load(open(sys.argv[1])); stats = json.load(open(sys.argv[2]))
up = float(sys.argv[3]); backlog = int(sys.argv[4]); outage = sys.argv[5]; rss = sys.argv[6]
after = sorted(t for t in times.values() if t >= up)
first, last = after[0], after[-1]
span = max(last - first, 1) / 1000
print('| outage | accepted during it | back → first delivery | first → last delivery | drain rate | back → all delivered | 503s answered | peak RSS |')
print('|---|---|---|---|---|---|---|---|')
print(f'| {outage} s | {backlog:,} | {(first - up) / 1000:.1f} s | {span:.1f} s | {len(after) / span:,.0f}/s | '
      f'{len(after) / ((last - up) / 1000):,.0f}/s | {stats["refused"]:,} | {rss} MB |')
EOF
echo "logs: $OUT" >&2
