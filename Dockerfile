# syntax=docker/dockerfile:1
# runbeam-operator container image: a static-stdlib release build on the official Swift image, run on slim Debian
# as a non-root user with only libyaml, zlib and CA certificates.
#   docker build -t runbeam-operator .
ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyaml-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer so source changes do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
# Package.swift declares the benchmark harness (runbeam-bench) with path Benchmarks: the manifest does not load without it.
COPY Benchmarks ./Benchmarks
RUN swift build -c release --static-swift-stdlib --product runbeam-operator \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/runbeam-operator" /out/runbeam-operator \
 && strip /out/runbeam-operator \
 && /out/runbeam-operator --version

# The binary links the Swift runtime, Foundation and BoringSSL (NIOSSL) statically; it still needs libyaml and zlib
# (and libstdc++/libgcc_s, which slim Debian already has), and the CA certificates for the system trust store.
FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="runbeam-operator" \
      org.opencontainers.image.description="Keeps Harmony gateways authorized with Runbeam Cloud machine tokens."
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyaml-0-2 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 runbeam \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin runbeam
COPY --from=build /out/runbeam-operator /usr/local/bin/runbeam-operator
# Numeric, so Kubernetes runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["runbeam-operator"]
CMD ["run"]
