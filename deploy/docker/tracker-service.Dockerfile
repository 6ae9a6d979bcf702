# Image of tracker-service, built from the Quarkus fast-jar layout after `./mvnw -B -pl tracker-service -am package -DskipTests`.
# Build from the repository root:
#   docker build -f deploy/docker/tracker-service.Dockerfile -t <registry>/riffle-tracker-service:<version> .
# Runs as uid 10001 on a read-only root filesystem (the chart mounts /tmp);
# QUARKUS_PROFILE=production and the settings of helm/riffle come from the environment.
FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 riffle \
 && useradd --system --uid 10001 --gid riffle --home-dir /app --shell /usr/sbin/nologin riffle

WORKDIR /app
# Root-owned and read-only for the service user. Dependencies first: they change less often, so their layers stay cached.
COPY tracker-service/target/quarkus-app/lib/ /app/lib/
COPY tracker-service/target/quarkus-app/*.jar /app/
COPY tracker-service/target/quarkus-app/app/ /app/app/
COPY tracker-service/target/quarkus-app/quarkus/ /app/quarkus/

ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8083
EXPOSE 8083
USER 10001
# The parallel collector: 6-12 % less CPU per announce than G1 at the same load (docs/benchmarks.md, tracker).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-jar", "/app/quarkus-run.jar"]
