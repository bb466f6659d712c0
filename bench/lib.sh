# What the bench scripts share (sourced, not run): the packaged bridge's settings against the fake
# AristoTelos (bench/peers/sink.js), and the probe callback that tells when a system answers.
# Needs ROOT (the project folder) set by the script that sources it.

# bridge_env PORT MANAGEMENT_PORT SINK_PORT DATA_DIR COMMAND...: runs COMMAND (exec, same process)
# with the bridge's production settings on loopback: callbacks on PORT, AristoTelos at the sink.
bridge_env() {
  local port=$1 mport=$2 sink=$3 data=$4; shift 4
  exec env SERVER_PORT=$port MANAGEMENT_PORT=$mport ARISTOTELOS_URL=http://127.0.0.1:$sink \
    ARISTOTELOS_TOKEN_URL=http://127.0.0.1:$sink/oauth/token ARISTOTELOS_CLIENT_ID=perf ARISTOTELOS_CLIENT_SECRET=perf \
    DAKTELA_CALLBACK_SECRET=perf-secret MANAGEMENT_USER=ops MANAGEMENT_PASSWORD=perf-ops BRIDGE_DATA_DIR="$data" \
    MAPPINGS_FILE="$ROOT/mappings.yaml" "$@"
}

# probe PORT ID: the HTTP status of one login callback with this event id (000 when nothing answers)
probe() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
    -H 'X-Webhook-Secret: perf-secret' \
    -d '{"id":"'"$2"'","event":"login","user":"probe","time":"2026-11-24 08:00:00"}' \
    http://127.0.0.1:$1/daktela/agent-state
}
