# syntax=docker/dockerfile:1
# Torg: build with Maven, run on a JRE as a non-root user. Configure with TORG_* variables
# (see config/torg.yaml); point TORG_DATABASE_URL at your PostgreSQL.

# 1. Dependencies: resolved from the poms alone, so this layer is rebuilt only when a pom changes.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY pom.xml ./
COPY federation/pom.xml federation/
COPY web-client/pom.xml web-client/
COPY server/pom.xml server/
RUN mvn -B -q -DskipTests package

# 2. The build.
COPY config config
COPY federation/src federation/src
COPY web-client/src web-client/src
COPY server/src server/src
RUN mvn -B -q -DskipTests package

# 3. The runtime: a JRE, curl for the health check, and an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /var/lib/torg torg
COPY --from=build /src/server/target/torg.jar /opt/torg/torg.jar
USER torg
WORKDIR /var/lib/torg
ENV TORG_HTTP_HOST=0.0.0.0 \
    TORG_HTTP_PORT=8080 \
    TORG_DATA_DIR=/var/lib/torg/data
VOLUME ["/var/lib/torg/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${TORG_HTTP_PORT}/health" || exit 1
# exec form: java is PID 1 and gets SIGTERM, which runs Torg's graceful shutdown.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/torg/torg.jar"]
