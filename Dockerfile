# Build stage: compiles the jar with the project's own Maven (tests run in CI, not here)
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# 'package' writes target/bridge.jar, one flat jar; its AOT cache is made in the run stage instead, by the
# training program compiled here (the run stage's JRE has no compiler for Java's source launcher)
RUN mvn -B -q package -DskipTests -Daot.skip=true && javac -d target/aot-training src/build/AotTraining.java

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app bridge \
    && mkdir -p /app/data && chown bridge /app/data \
    && apt-get update -q && apt-get install -y -q --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/bridge.jar /app/bridge.jar
COPY routes /app/routes
COPY mappings.yaml /app/mappings.yaml
COPY jvm.options /app/jvm.options
# The AOT cache of the classes the bridge loads and links at start (docs/benchmark.md, "Start time"), made here
# by the training run of 'mvn package' (src/build/AotTraining.java: the bridge runs until it says "Ready:")
# with this image's own JVM and paths: a cache serves only the JVM build and the jars it was made with.
# If it cannot be made the image is built without it (the training prints why), and the bridge starts slower.
COPY --from=build /src/target/aot-training /tmp/aot-training
RUN java -cp /tmp/aot-training AotTraining /app/bridge.jar /app/bridge.aot /app/jvm.options \
      /tmp/aot-training-data /tmp/aot-training.log \
    || true; \
    rm -rf /tmp/aot-training /tmp/aot-training.log
# numeric: Kubernetes's runAsNonRoot cannot tell that a user given by name is not root, and refuses the container
USER 10001
ENV BRIDGE_DATA_DIR=/app/data MAPPINGS_FILE=/app/mappings.yaml MANAGEMENT_ADDRESS=0.0.0.0
VOLUME /app/data
EXPOSE 8080 9090
# the shell form, so that the management port and address given to the container are the ones probed: Spring's own
# names first, as the bridge takes them over MANAGEMENT_PORT and MANAGEMENT_ADDRESS (a port set by an argument is
# not seen here: give it by a variable); an address of every interface is probed on the loopback
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD port="${MANAGEMENT_SERVER_PORT:-${MANAGEMENT_PORT:-9090}}"; host="${MANAGEMENT_SERVER_ADDRESS:-${MANAGEMENT_ADDRESS:-127.0.0.1}}"; case "$host" in 0.0.0.0|::|0:0:0:0:0:0:0:0|'[::]') host=127.0.0.1 ;; \[*\]) ;; *:*) host="[$host]" ;; esac; curl -fsS "http://$host:$port/actuator/health/liveness" || exit 1
# JAVA_OPTS adds JVM settings after jvm.options' (-e JAVA_OPTS=-Xmx320m), as run.sh does: JDK_JAVA_OPTIONS and
# JAVA_TOOL_OPTIONS come before the options file, whose -Xmx wins. exec: java is the container's first process and
# gets its SIGTERM; the container's arguments ("$@") go to the bridge
ENTRYPOINT ["/bin/sh", "-c", "exec java @/app/jvm.options $JAVA_OPTS -XX:AOTCache=/app/bridge.aot -jar /app/bridge.jar \"$@\"", "bridge"]
