# What the bench scripts share (sourced, not run): the packaged bridge's settings against the fake
# AristoTelos (bench/peers/sink.js), and the probe callback that tells when a system answers.
# Needs ROOT (the project folder) set by the script that sources it.

# bridge_env PORT MANAGEMENT_PORT SINK_PORT DATA_DIR COMMAND...: runs COMMAND (exec, same process)
# with the bridge's production settings on loopback: callbacks on PORT, AristoTelos at the sink.
bridge_env() {
  local port=$1 mport=$2 sink=$3 data=$4; shift 4
  exec env SERVER_PORT=$port MANAGEMENT_PORT=$mport ARISTOTELOS_URL=http://127.0.0.1:$sink \
    ARISTOTELOS_TOKEN_URL=http://127.0.0.1:$sink/oauth/token ARISTOTELOS_CLIENT_ID=perf ARISTOTELOS_CLIENT_SECRET=perf \
    DAKTELA_CALLBACK_SECRET=perf-callback-secret-1 MANAGEMENT_USER=ops MANAGEMENT_PASSWORD=perf-ops BRIDGE_DATA_DIR="$data" \
    MAPPINGS_FILE="$ROOT/mappings.yaml" "$@"
}

# probe PORT ID: the HTTP status of one login callback with this event id (000 when nothing answers)
probe() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
    -H 'X-Webhook-Secret: perf-callback-secret-1' \
    -d '{"id":"'"$2"'","event":"login","user":"probe","time":"2026-11-24 08:00:00"}' \
    http://127.0.0.1:$1/daktela/agent-state
}

# await_2xx PORT ID TIMEOUT_S PID: waits until a login callback with this event id is answered 2xx; prints the seconds
# from START_US (microseconds, $EPOCHREALTIME without its point, set by the caller before it launched the system),
# or "fail" after TIMEOUT_S or once process PID has ended. Forks nothing while it waits: the loop with curl, date and awk forked about five
# processes every 50 ms, which on 2 cores took CPU from the JVM it timed ('Started ... in' 5.9 s under that loop,
# 3.8 s without it). Speaks HTTP/1.1 through bash's /dev/tcp, one request per connection.
await_2xx() {
  local port=$1 id=$2 limit_us=$(( $3 * 1000000 )) pid=$4 body status now_us pause
  # a pipe nobody writes to: read -t on it is a sleep without a fork (the one fork, for <(:), is here)
  exec {pause}<> <(:)
  body='{"id":"'"$id"'","event":"login","user":"probe","time":"2026-11-24 08:00:00"}'
  while :; do
    status=
    if { exec 7<>/dev/tcp/127.0.0.1/$port; } 2>/dev/null; then
      printf 'POST /daktela/agent-state HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\nX-Webhook-Secret: perf-callback-secret-1\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
        "$port" "${#body}" "$body" >&7 2>/dev/null
      read -r -t 2 status <&7 2>/dev/null
      exec 7>&-
    fi
    now_us=${EPOCHREALTIME/./}
    if [[ ${status:9:1} == 2 ]]; then
      exec {pause}>&-
      printf '%d.%02d\n' $(( (now_us - START_US) / 1000000 )) $(( (now_us - START_US) % 1000000 / 10000 ))
      return 0
    fi
    if (( now_us - START_US > limit_us )) || ! kill -0 "$pid" 2>/dev/null; then exec {pause}>&-; echo fail; return 1; fi
    read -r -t 0.05 -u $pause || true
  done
}

# sink_count SINK_PORT: the deliveries the fake AristoTelos (bench/peers/sink.js) has counted. Forks nothing, for the
# loops that wait on it while a bridge works: each `curl | python3 -c` took 0.3 s of CPU on these machines (python3 is
# pyenv's shim, a bash script), twice a second in outage-drain.sh's wait, a fifth of the two cores taken from the drain
# it measured (bench/README.md, "The harness's own CPU").
sink_count() {
  local line body=
  { exec 8<>/dev/tcp/127.0.0.1/$1; } 2>/dev/null || { echo "the sink on port $1 does not answer" >&2; echo 0; return 1; }
  printf 'GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&8
  # the body, {"count":N,...}, on a line of its own (the sink answers chunked: the chunk's size on the line before)
  while IFS= read -r -t 5 line <&8 || [ -n "$line" ]; do [[ $line == *'"count":'* ]] && body=$line; line=; done
  exec 8>&-
  # a 0 keeps the callers' arithmetic going; the line says the figure is not a count
  [ -n "$body" ] || { echo "the sink on port $1 gave no count in its /stats answer" >&2; echo 0; return 1; }
  body=${body#*\"count\":}
  echo "${body%%[,\}]*}"
}

# The JVM that runs the bridge: JAVA if set, else a Java 25 as run.sh finds it (src/build/find-java.sh: JAVA_HOME's,
# the PATH's, /usr/lib/jvm's). Exported as JAVA for the commands the scripts run.
. "$ROOT/src/build/find-java.sh"
# A figure of a start without the cache is no figure of the bridge's start: say so (run.sh would build it again)
if [ -f "$ROOT/target/bridge.aot.jvm" ] && (cd "$ROOT" && aot_cache_of_other_java "$JAVA"); then
  echo "warning: target/bridge.aot was not made by $JAVA: the bridge starts without it, slower (mvn -B -Dmaven.test.skip=true -Daot.java=$JAVA package)" >&2
fi
