# syntax=docker/dockerfile:1
# Build: the same steps as scripts/build-release (static Swift stdlib, release, stripped).
FROM swift:6.3.1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole package (the manifest names test and benchmark targets too); .dockerignore keeps build output out.
COPY . .
RUN swift build -c release --static-swift-stdlib --product source-linkedin-pages \
 && mkdir -p /out \
 && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/source-linkedin-pages" /out/ \
 && strip /out/source-linkedin-pages

# Run: slim Debian with what FoundationNetworking needs (libcurl, CA roots) and nothing else.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 airbyte \
 && useradd --uid 1000 --gid 1000 --home-dir /airbyte --create-home airbyte
COPY --from=build --chown=airbyte:airbyte /out/source-linkedin-pages /airbyte/source-linkedin-pages
USER airbyte
WORKDIR /airbyte
ENV HOME=/airbyte
ENV AIRBYTE_ENTRYPOINT="/airbyte/source-linkedin-pages"
ENTRYPOINT ["/airbyte/source-linkedin-pages"]
LABEL io.airbyte.name=airbyte/source-linkedin-pages
LABEL io.airbyte.version=0.1.0
