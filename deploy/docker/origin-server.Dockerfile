# Image of origin-server, built from the Quarkus fast-jar layout after `./mvnw -B -pl origin-server -am package -DskipTests`.
# Build from the repository root:
#   docker build -f deploy/docker/origin-server.Dockerfile -t <registry>/riffle-origin-server:<version> .
# Runs as uid 10001 on a read-only root filesystem (the chart mounts /tmp and the content store at /data);
# QUARKUS_PROFILE=production and the settings of helm/riffle come from the environment.
FROM debian:bookworm-slim

# ffmpeg/ffprobe (Debian 12: 5.1) package the uploads: RIFFLE_ORIGIN_FFMPEG_PATH=/usr/bin/ffmpeg in the chart.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates ffmpeg \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 riffle \
 && useradd --system --uid 10001 --gid riffle --home-dir /app --shell /usr/sbin/nologin riffle

WORKDIR /app
# Root-owned and read-only for the service user. Dependencies first: they change less often, so their layers stay cached.
COPY origin-server/target/quarkus-app/lib/ /app/lib/
COPY origin-server/target/quarkus-app/*.jar /app/
COPY origin-server/target/quarkus-app/app/ /app/app/
COPY origin-server/target/quarkus-app/quarkus/ /app/quarkus/

ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8081
EXPOSE 8081
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/quarkus-run.jar"]
