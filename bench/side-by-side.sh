#!/usr/bin/env bash
# Side by side, in one run on this machine: the bridge against the relays an integrator might
# pick instead, under the same load, each forwarding to the same fast fake AristoTelos
# (bench/peers/sink.js). Not part of the build or CI.
#   bash bench/side-by-side.sh                       # bridge, nodered, bare-fsync
#   bash bench/side-by-side.sh bridge nodered bare bare-fsync
#   WARM=15 DUR=20 CONN=16 BRIDGE_JAVA_OPTS="-Xmx256m" bash bench/side-by-side.sh bridge
# Systems:
#   bridge      java @jvm.options -jar target/bridge.jar (built with mvn package if missing), or with
#               BRIDGE_JAVA_OPTS instead of the shipped jvm.options
#   nodered     a Node-RED 4 flow http in -> function -> http request -> http response
#               (bench/peers/nodered-flow.json): answers after forwarding, stores nothing durably
#   bare        bench/peers/BareRelay.java: JDK HttpServer, answers 202, forwards asynchronously
#   bare-fsync  the same, appending each callback to a journal with fsync first
# Per system: start -> first 2xx; wrk -t1 -cCONN with a new event id per request over 200 agents,
# WARM s then DUR s measured (accepted/s, answer p99); deliveries counted at the sink until they
# stop moving (drain); 100 events/s for 20 s for end-to-end latency (sink receive - post start);
# peak RSS (VmHWM). Needs wrk (apt-get install -y wrk), node/npm, java, python3, bc, curl.
# Node-RED is installed from the npm registry into bench/.peers on first use.
# Output: one table (markdown) on stdout; raw JSON lines and logs in $OUT.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); PEERS=$HERE/peers; ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/lib.sh"
OUT=${OUT:-$(mktemp -d /tmp/side-by-side.XXXX)}; mkdir -p "$OUT"
SINK=18099; PORT=18080; WARM=${WARM:-15}; DUR=${DUR:-20}; CONN=${CONN:-16}
NODE_PEERS=${NODE_PEERS:-$HERE/.peers}
[ $# -eq 0 ] && set -- bridge nodered bare-fsync
for tool in wrk node java python3 bc curl; do
  command -v $tool >/dev/null || { echo "$tool is missing (wrk: apt-get install -y wrk)"; exit 2; }
done
if [[ " $* " == *" bridge "* ]] && [ ! -f "$ROOT/target/bridge.jar" ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package) || exit 2
fi
if [[ " $* " == *" nodered "* ]] && [ ! -x "$NODE_PEERS/node_modules/.bin/node-red" ]; then
  echo "installing Node-RED 4 into $NODE_PEERS ..." >&2
  mkdir -p "$NODE_PEERS" && (cd "$NODE_PEERS" && npm install --no-audit --no-fund node-red@4 >/dev/null) || exit 2
fi
node "$PEERS/sink.js" $SINK > "$OUT/sink.log" 2>&1 & SINK_PID=$!
trap 'kill $SINK_PID 2>/dev/null' EXIT
sleep 0.5
stats() { sink_count $SINK; }
start_system() {
  local sys=$1 data; data=$(mktemp -d /tmp/side-by-side-data.XXXX)
  case $sys in
    bridge) (cd "$ROOT" && bridge_env $PORT 18090 $SINK "$data" \
        "$JAVA" ${BRIDGE_JAVA_OPTS:-@$ROOT/jvm.options} -jar target/bridge.jar) > "$OUT/$sys.log" 2>&1 & ;;
    bare) java -Dsun.net.httpserver.nodelay=true "$PEERS/BareRelay.java" $PORT http://127.0.0.1:$SINK/api/UpdateAgentStatus > "$OUT/$sys.log" 2>&1 & ;;
    bare-fsync) java -Dsun.net.httpserver.nodelay=true "$PEERS/BareRelay.java" $PORT http://127.0.0.1:$SINK/api/UpdateAgentStatus --fsync $data/journal > "$OUT/$sys.log" 2>&1 & ;;
    nodered) sed "s/18099/$SINK/" "$PEERS/nodered-flow.json" > $data/flows.json
        "$NODE_PEERS/node_modules/.bin/node-red" -u $data -p $PORT $data/flows.json > "$OUT/$sys.log" 2>&1 & ;;
    *) echo "unknown system $sys (bridge, nodered, bare, bare-fsync)" >&2; return 1 ;;
  esac
  echo $!
}
for sys in "$@"; do
  curl -s http://127.0.0.1:$SINK/reset >/dev/null
  START_US=${EPOCHREALTIME/./}; pid=$(start_system $sys) || continue
  start_s=$(await_2xx $PORT probe-$sys 120 $pid)
  [ "$start_s" = fail ] && { echo "$sys did not start: see $OUT/$sys.log" >&2; start_s=null; }
  [ "$start_s" != null ] && start_s=$(printf '%.1f' "$start_s")
  echo "$sys: started in $start_s s; $WARM s warm-up, $DUR s measured ..." >&2
  wrk -t1 -c$CONN -d${WARM}s -s "$PEERS/post.lua" http://127.0.0.1:$PORT/daktela/agent-state > "$OUT/$sys.warm.txt"
  sleep 2; before=$(stats)
  wrk -t1 -c$CONN -d${DUR}s --latency -s "$PEERS/post.lua" http://127.0.0.1:$PORT/daktela/agent-state > "$OUT/$sys.wrk.txt"
  tend=$(date +%s.%N); at_end=$(stats); during=$(( at_end - before ))
  # waiting at the end of the measured run: every 2xx answered so far (probe, warm-up, run) not yet at the sink
  answered=$(( 1 + $(awk '/requests in/{print $1}' "$OUT/$sys.warm.txt") - $(awk '/Non-2xx/{print $5}' "$OUT/$sys.warm.txt" | grep . || echo 0) \
    + $(awk '/requests in/{print $1}' "$OUT/$sys.wrk.txt") - $(awk '/Non-2xx/{print $5}' "$OUT/$sys.wrk.txt" | grep . || echo 0) ))
  backlog=$(( answered - at_end )); [ $backlog -lt 0 ] && backlog=0
  # drain: until the sink's count has not moved for 2 s
  last=-1; while :; do c=$(stats); [ "$c" = "$last" ] && break; last=$c; sleep 2; done
  drain_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $tend - 2" | bc)")
  lat=$(python3 "$PEERS/latency.py" http://127.0.0.1:$PORT/daktela/agent-state http://127.0.0.1:$SINK 100 20 perf-callback-secret-1)
  rss=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null)
  [ -z "$rss" ] && rss=$(ps -o rss= --ppid $pid | sort -n | tail -1)
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/$sys.wrk.txt"); non2xx=$(awk '/Non-2xx/{print $5}' "$OUT/$sys.wrk.txt")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/$sys.wrk.txt")
  echo "{\"system\":\"$sys\",\"start_s\":$start_s,\"accepted_per_s\":$rps,\"non2xx\":\"${non2xx:-0}\",\"answer_p99\":\"$p99\",\"delivered_per_s_during\":$(( during / DUR )),\"drain_s\":$drain_s,\"backlog\":$backlog,\"latency100\":$lat,\"peak_rss_kb\":\"$rss\"}" >> "$OUT/results.jsonl"
  pkill -TERM -P $pid 2>/dev/null; kill $pid 2>/dev/null; wait $pid 2>/dev/null; sleep 1
done
# The kernel's DAMON (on these VMs: physical memory sampled every 500 ms, 3-10 ms of a core each time) sets much of the
# p99 at 100/s for every system (bench/README.md, "The tail at 100 events/s"): said with the machine's details
damon=$(for k in /sys/kernel/mm/damon/admin/kdamonds/[0-9]*; do [ -r "$k/state" ] || continue
  echo "$(cat "$k/state") every $(( $(cat "$k/contexts/0/monitoring_attrs/intervals/sample_us" 2>/dev/null || echo 0) / 1000 )) ms"; done | paste -sd, -)
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), bridge: $("$JAVA" -version 2>&1 | head -1), others: $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), kernel DAMON sampling: ${damon:-none}; wrk -t1 -c$CONN, ${WARM} s warm-up, ${DUR} s measured"
python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
print("| system | accepted/s | non-2xx | answer p99 | delivered/s during | waiting at the end, drained in | end-to-end p50 / p99 at 100/s | peak RSS | start -> first 2xx |")
print("|---|---|---|---|---|---|---|---|---|")
for line in open(sys.argv[1]):
    r = json.loads(line); l = r["latency100"]
    print(f"| {r['system']} | {r['accepted_per_s']:,.0f} | {r['non2xx']} | {r['answer_p99']} | {r['delivered_per_s_during']:,} | {r.get('backlog', 0):,} in {r['drain_s']} s "
          f"| {l['p50_ms']} / {l['p99_ms']} ms ({l['arrived']}/{l['sent']}) | {int(r['peak_rss_kb'] or 0) // 1024} MB | {r['start_s']} s |")
PY
echo "raw results and logs: $OUT" >&2
