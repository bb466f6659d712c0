# Sourced (not run) by run.sh and bench/lib.sh: sets and exports JAVA, the java of a Java 25 or later, which the
# bridge's jvm.options are written for (older JVMs refuse some of its settings). JAVA if already set, else the
# first of JAVA_HOME's, the PATH's and /usr/lib/jvm's that is 25 or later, by its home's release file (asking the JVM
# itself, the fallback where there is none, adds a tenth of a second to the bridge's start). Exits 2, saying what to
# do, if there is none.

# java_feature JAVA: the feature release (17, 25, ...) of the JDK or JRE whose bin/java JAVA is; 0 if unknown
java_feature() {
  local home version
  home=$(dirname "$(dirname "$(readlink -f "$1")")")
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  else
    version=$("$1" -version 2>&1 | sed -n '1s/^[^"]* version "\([0-9]*\).*/\1/p')
  fi
  echo "${version:-0}"
}

# java_identity JAVA: the JDK or JRE whose bin/java JAVA is, as the AOT training writes it beside the cache it made
# (src/build/AotTraining.java, target/bridge.aot.jvm): its home's real path and its release file's JAVA_RUNTIME_VERSION
# ("-" without one), so that an updated or another JDK is told apart from the one whose cache is there
java_identity() {
  local home version
  home=$(dirname "$(dirname "$(readlink -f "$1")")")
  # the first such line only, as the training reads it
  version=$(sed -n '/^JAVA_RUNTIME_VERSION="/{s/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p;q;}' "$home/release" 2>/dev/null)
  echo "$home ${version:--}"
}

# aot_cache_of_other_java JAVA: true when target/bridge.aot.jvm (in the current folder) is missing or names another
# Java than JAVA: a JVM starts without a cache another JVM build made, silently (jvm.options), about twice as slowly
aot_cache_of_other_java() {
  [ "$(cat target/bridge.aot.jvm 2>/dev/null)" != "$(java_identity "$1")" ]
}

# real_java JAVA: JAVA itself when it is a JDK's or JRE's bin/java (a release file in its home), else the bin/java of the
# home the JVM itself names: a wrapper or shim (asdf's, mise's, macOS's /usr/bin/java) has no home of its own, and the
# AOT cache's Java, named by its real home, never matched it, so every start built the jar again (packaging review)
real_java() {
  local home
  home=$(dirname "$(dirname "$(readlink -f "$1")")")
  if [ ! -f "$home/release" ]; then
    home=$("$1" -XshowSettings:properties -version 2>&1 | sed -n '/^ *java\.home = /{s/^ *java\.home = //p;q;}')
    if [ -n "$home" ] && [ -x "$home/bin/java" ]; then
      echo "$home/bin/java"
      return
    fi
  fi
  echo "$1"
}

find_java() {
  local candidate
  if [ -n "${JAVA:-}" ]; then
    # a name on the PATH (JAVA=java) as its path, so that the AOT cache's Java is told apart by its real folder
    candidate=$(command -v "$JAVA" || true)
    if [ -z "$candidate" ] || [ ! -x "$candidate" ] || [ "$(java_feature "$candidate")" -lt 25 ]; then
      echo "JAVA=$JAVA is no Java 25 or later (jvm.options is written for 25: older JVMs refuse some of its settings): set JAVA to the bin/java of a JDK 25, or unset it to use the first found" >&2
      return 2
    fi
    JAVA=$(real_java "$candidate")
    return 0
  fi
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    if [ -x "$candidate" ] && [ "$(java_feature "$candidate")" -ge 25 ]; then
      JAVA=$(real_java "$candidate")
      return 0
    fi
  done
  echo "no Java 25 found (JAVA_HOME, the PATH, /usr/lib/jvm): install a JDK 25, e.g. Temurin 25, or set JAVA=<path of its bin/java>" >&2
  return 2
}

find_java || exit 2
export JAVA
