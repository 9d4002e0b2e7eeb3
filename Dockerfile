# qbt-rules image. The build stage runs scripts/docker-build.sh (a release build without
# tests); CI builds this file with podman and checks the image (scripts/image-check.sh).
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/packages.txt scripts/install-deps.sh scripts/
RUN ./scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
# Only what the release build reads: tests, benchmarks and docs never enter the image, and
# editing them does not invalidate the compile layer.
COPY meson.build meson_options.txt ./
COPY sdk sdk/
COPY lib lib/
COPY plugins plugins/
COPY host host/
COPY config config/
COPY scripts/docker-build.sh scripts/first-start.sh scripts/docker-entrypoint.sh scripts/
RUN ./scripts/docker-build.sh /out
# The installed SDK builds the example plugin (kept here, at /examples, for the image check);
# then the SDK leaves /out: a runtime image without a compiler has no use for headers.
RUN pc_dir=$(dirname "$(find /out -name qbt-rules-sdk.pc)") && mkdir /examples \
 && cc -std=c99 -shared -fPIC -O2 -Wall -Werror \
      $(PKG_CONFIG_SYSROOT_DIR=/out PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags qbt-rules-sdk) \
      -o /examples/append_line.so sdk/examples/append_line_action/append_line.c \
 && rm -rf /out/usr/include /out/usr/share/qbt-rules-sdk "$pc_dir"

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
