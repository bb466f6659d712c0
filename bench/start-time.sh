#!/usr/bin/env bash
# Start time: from launching a command to the first 2xx answer to a callback, N runs per
# configuration, the configurations interleaved (A B C A B C ...) so that a noisy machine
# weighs on all alike. Each run gets a fresh, empty data directory. Not part of the build or CI.
#   bash bench/start-time.sh                          # jar run, 5 rounds
#   RUNS=7 bash bench/start-time.sh jar nodered
#   bash bench/start-time.sh jar 'noaot=exec "$JAVA" @jvm.options -XX:AOTMode=off -jar target/bridge.jar'
# Configurations, by name or as label=command (run by bash in the repository's root):
#   jar        java @jvm.options -jar target/bridge.jar                   (the packaged jar)
#   run        ./run.sh                                                    (the README's command, once built)
#   spring-boot-run  mvn -B -q -Dmaven.test.skip=true spring-boot:run    (compiled)
#   nodered    the Node-RED relay of bench/side-by-side.sh (bench/.peers, or NODE_PEERS; it answers
#              after forwarding, so the fake AristoTelos, bench/peers/sink.js, runs throughout)
# The bridge runs as in bench/side-by-side.sh (production mode, AristoTelos = the sink), on ports
# of its own (PORT 28080, management 28090, sink 28099) so as not to meet a benchmark running beside.
# After the first 2xx the command gets SIGTERM, and SIGKILL STOP_WAIT (5) s later.
# A command sees DATA (its fresh directory), PORT and SINK. Build the jars first
# (mvn -B -o -Dmaven.test.skip=true package). Output: one line per run, then per configuration
# median / min / max seconds to the first 2xx, the median of "Started BridgeApplication in", and
# the median CPU seconds the command's processes had used at the first 2xx (user + system; less
# moved by other load on the machine than the wall-clock time).
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/lib.sh"
RUNS=${RUNS:-5}; STOP_WAIT=${STOP_WAIT:-5}; PORT=${PORT:-28080}; MPORT=${MPORT:-28090}; SINK=${SINK:-28099}; TIMEOUT=${TIMEOUT:-120}
NODE_PEERS=${NODE_PEERS:-$HERE/.peers}
OUT=${OUT:-$(mktemp -d /tmp/start-time.XXXX)}; mkdir -p "$OUT"
[ $# -eq 0 ] && set -- jar run
export PORT SINK NODE_PEERS

command_of() {
  case $1 in
    *=*) echo "${1#*=}" ;;
    jar) echo 'exec "$JAVA" @jvm.options -jar target/bridge.jar' ;;
    run) echo 'exec ./run.sh' ;;
    spring-boot-run) echo 'exec mvn -B -o -q -Dmaven.test.skip=true spring-boot:run' ;;
    nodered) echo 'sed "s/18099/$SINK/" bench/peers/nodered-flow.json > "$DATA/flows.json" && exec "$NODE_PEERS/node_modules/.bin/node-red" -u "$DATA" -p $PORT "$DATA/flows.json"' ;;
    *) echo "unknown configuration $1 (jar, run, spring-boot-run, nodered, or label=command)" >&2; return 1 ;;
  esac
}
for c in "$@"; do command_of "$c" >/dev/null || exit 2; done
for tool in curl awk setsid; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 2; }; done

SINK_PID=
if command -v node >/dev/null; then
  node "$HERE/peers/sink.js" $SINK > "$OUT/sink.log" 2>&1 & SINK_PID=$!
fi
RUN_PGID=
cleanup() {
  [ -n "$RUN_PGID" ] && kill -KILL -- -"$RUN_PGID" 2>/dev/null
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM


group_cpu() {  # CPU seconds (user + system) the live processes of a process group have used
  local tck; tck=$(getconf CLK_TCK)
  for p in $(pgrep -g "$1"); do cat /proc/$p/stat 2>/dev/null; done \
    | awk -v t="$tck" '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%.1f", s / t }'
}

one_run() {  # label command round -> appends "label seconds started cpu" to $OUT/results
  local label=$1 cmd=$2 round=$3 data log secs started cpu
  data=$(mktemp -d /tmp/start-time-data.XXXX); log="$OUT/$label.$round.log"
  START_US=${EPOCHREALTIME/./}
  (cd "$ROOT" && DATA=$data bridge_env $PORT $MPORT $SINK "$data" setsid bash -c "$cmd") > "$log" 2>&1 &
  RUN_PGID=$!
  secs=$(await_2xx $PORT "probe-$label-$round" "$TIMEOUT" "$RUN_PGID")
  [ "$secs" = fail ] && echo "$label: no 2xx (the command ended, or none in $TIMEOUT s), see $log" >&2
  cpu=$(group_cpu "$RUN_PGID")
  for _ in $(seq 30); do grep -q 'Started [A-Za-z]* in' "$log" && break; sleep 0.1; done
  started=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$log" | head -1 | awk '{print $4}')
  kill -TERM -- -"$RUN_PGID" 2>/dev/null
  for _ in $(seq $(( STOP_WAIT * 10 ))); do kill -0 -- -"$RUN_PGID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- -"$RUN_PGID" 2>/dev/null; wait "$RUN_PGID" 2>/dev/null; RUN_PGID=
  rm -rf "$data"
  echo "$label $secs ${started:--} $cpu" | tee -a "$OUT/results"
  sleep 1
}

echo "machine: $(nproc) cores, $(uname -r), bridge: $("$JAVA" -version 2>&1 | head -1), others: $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg); $RUNS rounds of: $*" | tee "$OUT/header"
sleep 0.5
for round in $(seq "$RUNS"); do
  for c in "$@"; do one_run "${c%%=*}" "$(command_of "$c")" "$round"; done
done
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/header"
echo "| configuration | runs | median s to first 2xx | min | max | median 'Started ... in' s | median CPU s used by then |"
echo "|---|---|---|---|---|---|---|"
for c in "$@"; do
  label=${c%%=*}
  awk -v l="$label" '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n == 0 ? "-" : (n % 2 ? a[(n + 1) / 2] : sprintf("%.2f", (a[n / 2] + a[n / 2 + 1]) / 2)) }
    $1 == l { runs++; if ($2 != "fail") { s[++n] = $2 + 0; if (min == "" || $2 + 0 < min) min = $2 + 0; if ($2 + 0 > max) max = $2 + 0 }
              if ($3 != "-") st[++m] = $3 + 0; if ($4 != "") c[++k] = $4 + 0 }
    END { printf "| %s | %d%s | %s | %s | %s | %s | %s |\n", l, runs, (runs > n ? " (" runs - n " failed)" : ""), median(s, n), min, max, median(st, m), median(c, k) }' "$OUT/results"
done
echo "logs: $OUT" >&2
