#!/usr/bin/env bash
# Runs the bridge from this folder (the README's first command). Builds target/bridge.jar and its AOT cache
# (mvn package, tests skipped) when either is missing or older than pom.xml, jvm.options, src/main or src/build, or
# the cache was made by another Java than the one found (when only the cache is out of date and cannot be made, the
# jar runs without it, slower to start), then runs the jar
# with jvm.options on a Java 25 (src/build/find-java.sh): the packaged jar with its cache starts in about a third of
# the time spring-boot:run takes, whose classes no cache can hold. The environment configures the bridge as the
# README says (without ARISTOTELOS_URL: embedded defaults and the simulators); JAVA_OPTS adds JVM settings after
# jvm.options' (e.g. JAVA_OPTS=-Xmx320m); arguments go to the bridge (e.g. --server.port=8081, or validate).
set -euo pipefail
# a JAVA given as a path relative to where run.sh was started, before the cd below (a name alone is the PATH's); its
# symbolic links kept: a version manager's shim (mise's) is a link to one program that acts on the name it is called by
case "${JAVA:-}" in
  /*) ;;
  */*) [ -e "$JAVA" ] && JAVA="$(cd "$(dirname "$JAVA")" && pwd)/$(basename "$JAVA")" ;;
esac
# the bridge's paths given relative to where run.sh was started, taken from there too (the cd below made
# BRIDGE_DATA_DIR=./prod-data a journal inside this folder); unset, they are this folder's as the README says. Every
# spelling Spring's binder takes for the three (BRIDGE_DATADIR as well: left relative, it went inside this folder)
for path_variable in MAPPINGS_FILE BRIDGE_MAPPINGS_FILE BRIDGE_MAPPINGSFILE BRIDGE_DATA_DIR BRIDGE_DATADIR BRIDGE_ROUTES_DIR \
    BRIDGE_ROUTESDIR; do
  path_value="${!path_variable:-}"
  case "$path_value" in
    # one that begins with a space is left as it is, for the bridge to refuse (a pasted path; made absolute, it was taken)
    ''|/*|[[:space:]]*) ;;
    *) printf -v "$path_variable" '%s' "$PWD/$path_value"; export "${path_variable?}" ;;
  esac
done
# validate's --mappings PATH (or --mappings=PATH) likewise: it checked the file of that name in this folder; and the
# bridge's path properties given as arguments
args=()
after_mappings=
for arg in "$@"; do
  if [ -n "$after_mappings" ] && [ -n "$arg" ] && [[ "$arg" != /* ]]; then
    arg="$PWD/$arg"
  elif [[ "$arg" == --mappings=?* && "$arg" != --mappings=/* ]]; then
    arg="--mappings=$PWD/${arg#--mappings=}"
  elif [[ "$arg" =~ ^(--bridge\.(data-dir|mappings-file|routes-dir)=)([^/[:space:]].*)$ ]]; then
    # the bridge's paths as properties too (--bridge.data-dir=prod-data put the journal inside this folder)
    arg="${BASH_REMATCH[1]}$PWD/${BASH_REMATCH[3]}"
  fi
  after_mappings=
  [ "$arg" = --mappings ] && after_mappings=1
  args+=("$arg")
done
set -- ${args[@]+"${args[@]}"}
# the folder of the script itself, also when it is run through a symbolic link (/usr/local/bin/bridge)
home=$(dirname "$(readlink -f "$0")")
# an application.yml (or config/application.yml) where run.sh was started is read as the README says, over this
# folder's: after the cd below Spring Boot looked in this folder only, and the bridge started without it (demo mode)
# The folder as a URL's path: Spring Boot reads ',' ';' '*' in a location as its own syntax and decodes a file: URL
# ('#' '?' ended the path, a '%' not followed by two hex digits stopped the start), and a '%XX' is decoded back
url_path() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9/._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
if [ "$(readlink -f "$PWD")" != "$home" ]; then
  start=$(url_path "$PWD")
  export SPRING_CONFIG_ADDITIONAL_LOCATION="optional:file:$start/,optional:file:$start/config/${SPRING_CONFIG_ADDITIONAL_LOCATION:+,$SPRING_CONFIG_ADDITIONAL_LOCATION}"
fi
cd "$home"
. src/build/find-java.sh
reason=
# set when only the AOT cache is out of date: the jar runs without it (slower to start) if it cannot be made, so that
# an update of the JDK or an edit of jvm.options on a machine without Maven or its registry keeps the bridge running
cache_only=
if [ ! -f target/bridge.jar ]; then
  reason="there is none"
elif [ -n "$(find pom.xml src/main src/build -newer target/bridge.jar -print -quit)" ]; then
  reason="sources or pom.xml changed since it was built"
elif [ jvm.options -nt target/bridge.jar ]; then
  reason="jvm.options changed since it was built" cache_only=1
elif [ ! target/bridge.aot -nt target/bridge.jar ]; then
  reason="its AOT cache is missing or older than the jar" cache_only=1
elif aot_cache_of_other_java "$JAVA"; then
  reason="its AOT cache was made by another Java than $JAVA, or before an update of it" cache_only=1
fi
if [ -n "$cache_only" ] && [ "$(cat target/bridge.aot.failed 2>/dev/null)" = "$(java_identity "$JAVA")" ] \
    && [ target/bridge.aot.failed -nt target/bridge.jar ] && [ target/bridge.aot.failed -nt jvm.options ]; then
  # this Java failed to make the cache for this jar before (a JRE has no source launcher for the training): each start
  # built the jar again, minutes long, to fail the same way
  echo "run.sh: the AOT cache could not be made with $JAVA for this jar (target/bridge.aot.failed; delete it to try again): starting without it (about twice as slow to start)" >&2
  reason=
fi
if [ -n "$reason" ]; then
  if ! command -v mvn >/dev/null; then
    [ -n "$cache_only" ] || { echo "run.sh: target/bridge.jar needs building ($reason), and Maven (mvn, 3.8 or later) is not on the PATH: install it (e.g. apt-get install maven) and run ./run.sh again" >&2; exit 2; }
    echo "run.sh: target/bridge.jar's AOT cache needs making ($reason), and Maven (mvn) is not on the PATH: starting the jar without the cache (about twice as slow to start)" >&2
  elif [ -n "$cache_only" ] && [ ! -w target ]; then
    # a checkout another user owns (root's, run by a service user): a build, minutes long at every start, could not write it
    echo "run.sh: target/bridge.jar's AOT cache needs making ($reason), and this user cannot write target/: starting the jar without the cache (about twice as slow to start; run ./run.sh once as the folder's owner to make it)" >&2
  else
    echo "run.sh: building target/bridge.jar and its AOT cache ($reason; mvn package, tests skipped; a few minutes the first time, while Maven downloads what it needs) ..." >&2
    status=0
    # the Java found is the build's JDK 25 too (maven-toolchains-plugin looks at JAVA25_HOME among other places): one
    # named only by JAVA was not found there, and the build failed for want of a toolchain
    JAVA25_HOME=${JAVA25_HOME:-$(dirname "$(dirname "$JAVA")")} mvn -B -q -Dmaven.test.skip=true -Daot.java="$JAVA" package || status=$?
    if [ "$status" -eq 0 ]; then
      rm -f target/bridge.aot.failed
    else
      # the jar is built before its cache: a failed training (a JRE without the source launcher, a start that failed)
      # leaves a jar that runs, slower to start
      if [ -z "$cache_only" ] && { [ ! -f target/bridge.jar ] || [ -n "$(find pom.xml src/main src/build -newer target/bridge.jar -print -quit)" ]; }; then
        exit "$status"
      fi
      # noted where it can be (under set -e a failed redirection ended run.sh here, and the bridge never started)
      { java_identity "$JAVA" > target/bridge.aot.failed; } 2>/dev/null || true
      if [ -n "$cache_only" ]; then
        echo "run.sh: the build failed (exit $status; see above); starting the jar built before, without a new AOT cache (about twice as slow to start)" >&2
      else
        echo "run.sh: the build made the jar but failed after it (exit $status; see above): starting the jar without its AOT cache (about twice as slow to start)" >&2
      fi
    fi
  fi
fi
# shellcheck disable=SC2086 # JAVA_OPTS holds several settings
exec "$JAVA" @jvm.options ${JAVA_OPTS:-} -jar target/bridge.jar "$@"
