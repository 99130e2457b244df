# syntax=docker/dockerfile:1
# CRM server image.
#   docker build -t crm .
#   docker run -p 8080:8080 -e CRM_ADMIN_KEY=... -v crm-data:/data crm

ARG SWIFT_IMAGE=swift:6.3-bookworm

# ---- build ----------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

# OpenSSL headers and pkg-config for the CTLS system library target.
# Not version-pinned (DL3008): Debian's security archive replaces exact versions,
# which would break the build; the base image tag pins the release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve

COPY . .
RUN swift build -c release --static-swift-stdlib --product crm \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/crm" /staging/crm

# ---- run ------------------------------------------------------------------
FROM debian:bookworm-slim

# libssl3 for TLS, ca-certificates for outbound TLS, curl for HEALTHCHECK (unpinned: see above).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl3 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*

# Non-root user `crm` with a fixed numeric id, so USER resolves on any host and a
# bind-mounted /data can be chowned to 10001:10001.
RUN groupadd --system --gid 10001 crm \
    && useradd --system --uid 10001 --gid crm --home-dir /data --no-create-home --shell /usr/sbin/nologin crm \
    && mkdir -p /data \
    && chown crm:crm /data

COPY --from=build /staging/crm /usr/local/bin/crm

ENV CRM_HOST=0.0.0.0 \
    CRM_DATA_DIR=/data

VOLUME ["/data"]
USER 10001:10001
WORKDIR /data
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "--max-time", "2", "http://127.0.0.1:8080/health"]

ENTRYPOINT ["crm"]
CMD ["serve"]
