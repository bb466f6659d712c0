# Build stage: compiles the jar with the project's own Maven (tests run in CI, not here)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# 'package' also writes target/extracted: the jar in Spring Boot's extracted layout, which starts
# much sooner than the single jar (docs/benchmark.md)
RUN mvn -B -q package -DskipTests

# Run stage: the jar, the editable routes and mappings, a non-root user and a data volume
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app bridge \
    && mkdir -p /app/data && chown bridge /app/data \
    && apt-get update -q && apt-get install -y -q --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/extracted /app/bridge
COPY routes /app/routes
COPY mappings.yaml /app/mappings.yaml
COPY jvm.options /app/jvm.options
USER bridge
ENV BRIDGE_DATA_DIR=/app/data MAPPINGS_FILE=/app/mappings.yaml MANAGEMENT_ADDRESS=0.0.0.0
VOLUME /app/data
EXPOSE 8080 9090
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9090/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/bridge/bridge.jar"]
