#!/usr/bin/env bash
# The floor of the stack, side by side: the packaged bridge with two of its routes replaced by the least a
# durable relay on Camel, Artemis and Tomcat does (bench/floor/: store the callback as it came, grouped per agent
# and with the broker's duplicate id, in one broker transaction, answer 202; take it from the queue in a
# transaction and post it as it is), against the same load as bench/side-by-side.sh. It tells how much of the
# bridge's cost per event is the stack's and how much its own work (checks, translation, last state, records,
# logs, retries, breaker). The same jar, settings and callback door; only the route files differ. Not part of
# the build or CI.
#   bash bench/floor.sh                       # the floor and Node-RED, one run (side-by-side.sh bridge nodered)
#   FLOOR=delivery bash bench/floor.sh bridge # only the delivery replaced: the bridge's own intake, the floor's delivery
#   FLOOR=delivery bash bench/floor.sh outage-drain.sh   # another bench script (first argument), the floor in it
# The table's row "bridge" is the floor. Needs what the script run needs.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/.." && pwd)
FLOOR=${FLOOR:-all}
case $FLOOR in
  all) replace="daktela-callback deliver-agent-state"; files="callback delivery" ;;
  delivery) replace="deliver-agent-state"; files="delivery" ;;
  *) echo "floor.sh: FLOOR is all (the default) or delivery, not $FLOOR" >&2; exit 2 ;;
esac
script=side-by-side.sh
case ${1:-} in *.sh) script=$1; shift ;; esac
[ -f "$HERE/$script" ] || { echo "floor.sh: no script bench/$script (side-by-side.sh, outage-drain.sh, backlog-fill.sh, ...)" >&2; exit 2; }
[ $# -eq 0 ] && [ $script = side-by-side.sh ] && set -- bridge nodered
DIR=$(mktemp -d /tmp/floor-routes.XXXX)
trap 'rm -rf "$DIR"' EXIT
# the project's route files without the routes the floor replaces (each '- route:' block is cut by its id)
python3 - "$ROOT/routes" "$DIR" $replace <<'PY'
import glob, os, re, sys
src, out, drop = sys.argv[1], sys.argv[2], set(sys.argv[3:])
cut = set()
for path in glob.glob(os.path.join(src, '*.camel.yaml')):
    parts = re.split(r'(?m)^(?=- )', open(path).read())
    keep = []
    for part in parts:
        m = re.match(r'- route:\n\s+id: (\S+)\n', part)
        if m and m.group(1) in drop:
            cut.add(m.group(1))
        else:
            keep.append(part)
    open(os.path.join(out, os.path.basename(path)), 'w').write(''.join(keep))
if cut != drop:
    sys.exit('floor.sh: no route %s in %s' % (', '.join(sorted(drop - cut)), src))
PY
for f in $files; do cp "$HERE/floor/$f.camel.yaml" "$DIR/floor-$f.camel.yaml"; done
echo "floor ($FLOOR): routes from $DIR; the row 'bridge' below is the floor" >&2
BRIDGE_ROUTES_DIR=$DIR bash "$HERE/$script" "$@"
