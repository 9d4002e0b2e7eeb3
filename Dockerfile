# qbt-rules image. The build stage runs scripts/docker-build.sh, the same script CI runs
# (tests/e2e checks the installed layout and the entrypoint outside Docker).
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/packages.txt scripts/install-deps.sh scripts/
RUN ./scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
COPY . .
RUN ./scripts/docker-build.sh /out

FROM debian:bookworm-slim
COPY scripts/packages.txt scripts/install-deps.sh /tmp/deps/
RUN /tmp/deps/install-deps.sh runtime && rm -rf /var/lib/apt/lists/* /tmp/deps \
 && groupadd -g 1000 qbt && useradd -u 1000 -g qbt -d /config -s /usr/sbin/nologin qbt
COPY --from=build /out/ /
ENV QBT_RULES_CONFIG_DIR=/config \
    QBT_RULES_PLUGINS_DIRS=/plugins \
    QBT_RULES_SERVER_HOST=0.0.0.0 \
    QBT_RULES_SERVER_PORT=5000 \
    PUID=1000 PGID=1000
VOLUME ["/config"]
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:5000/api/health || exit 1
ENTRYPOINT ["/usr/share/qbt-rules/docker-entrypoint.sh"]
CMD ["--serve"]
