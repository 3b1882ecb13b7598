# syntax=docker/dockerfile:1
# Microcourt: one image for every service; the command chooses the service, e.g.
#   docker run microcourt:dev mc-gateway        docker run microcourt:dev mc-docketing
# Validated offline by tests/deploy/run.sh (no engine is needed for that).

############################ builder ############################
FROM debian:12 AS builder
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates build-essential make pkgconf \
      libnats-dev libjansson-dev libpq-dev libcurl4-openssl-dev libcivetweb-dev \
      libsodium-dev libjpeg62-turbo-dev libpng-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# build-all skips scripts/deps.sh (the apt step above already installed the dependencies).
# A build/ copied from the host is discarded so that nothing built elsewhere reaches the image.
RUN rm -rf build && make build-all BUILD=build

############################ runtime ############################
FROM debian:12 AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# Runtime libraries only (Debian 12 package names).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates tzdata \
      libnats3.4 libjansson4 libpq5 libcurl4 libcivetweb1 libsodium23 \
      libjpeg62-turbo libpng16-16 \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 microcourt \
 && useradd --system --uid 10001 --gid microcourt --home-dir /nonexistent \
      --no-create-home --shell /usr/sbin/nologin microcourt \
 && mkdir -p /usr/share/microcourt/face
COPY --from=builder /src/build/bin/mc-gateway /src/build/bin/mc-identity \
     /src/build/bin/mc-docketing /src/build/bin/mc-documents /src/build/bin/mc-hearings \
     /src/build/bin/mc-signatures /src/build/bin/mc-enforcement \
     /src/build/bin/microcourt-admin /usr/local/bin/
COPY --from=builder /src/data/ /usr/share/microcourt/data/
ENV MC_DATA_DIR=/usr/share/microcourt/data \
    IDENTITY_FACE_MODEL_DIR=/usr/share/microcourt/face \
    LOG_LEVEL=info \
    LOG_FORMAT=json
USER 10001:10001
# Only the gateway listens on a port (plain HTTP; TLS ends at the ingress / reverse proxy).
EXPOSE 8080
CMD ["mc-gateway"]
