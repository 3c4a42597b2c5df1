# syntax=docker/dockerfile:1
# Build: the same steps as scripts/build-release (static Swift stdlib, release, stripped).
FROM swift:6.3.1-bookworm AS build
# libcurl4-openssl-dev: libcurl's headers, for the transport (Sources/CCurl), and libcurl itself, which the connector
# loads at its first request. busybox-static and ca-certificates are not for the build: they are copied into the run
# image below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev busybox-static ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole package (the manifest names test and benchmark targets too); .dockerignore keeps build output out.
COPY . .
RUN swift build -c release --static-swift-stdlib --product source-linkedin-pages \
 && mkdir -p /out \
 && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/source-linkedin-pages" /out/ \
 && strip /out/source-linkedin-pages

# The run image's whole file system, assembled here and copied into an empty image:
#   /airbyte/source-linkedin-pages   the connector (owner uid 1000, the working directory)
#   the shared libraries it loads    what ldd lists for the binary (libc, libstdc++, the loader) and for libcurl, which
#                                    the binary opens with dlopen at its first request (so ldd of the binary omits it)
#   /bin/busybox and its applets     the POSIX shell, sleep, touch and cat that Airbyte's launcher runs the connector with
#   /etc/ssl/certs/...               Debian's CA bundle, at the one path Debian's libcurl reads (not SSL_CERT_FILE)
#   /etc/passwd, /etc/group          uid 1000 (airbyte), so a name lookup of the running user succeeds
#   /tmp                             world-writable with the sticky bit
# The last steps have the loader resolve, in that file system, every library the binary links and then libcurl and
# all it needs (a missing one fails the build). The binary itself is not started there: a chroot has no /proc, and
# without it the Swift runtime crashed with SIGILL in about 1 run of 6 (measured: 134 of 600; none with /proc).
RUN set -eu; root=/rootfs; \
    mkdir -p "$root/airbyte" "$root/bin" "$root/etc/ssl/certs" "$root/tmp"; \
    cp /out/source-linkedin-pages "$root/airbyte/"; \
    libcurl="$(ldconfig -p | awk '$1 == "libcurl.so.4" { print $NF; exit }')"; \
    [ -n "$libcurl" ] || { echo "libcurl.so.4 is not installed" >&2; exit 1; }; \
    loader="$(ldd /out/source-linkedin-pages | awk '$1 ~ /^\// { print $1 }')"; \
    { echo "$libcurl"; ldd /out/source-linkedin-pages; ldd "$libcurl"; } \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u \
      | while read -r library; do cp -L --parents "$library" "$root"; done; \
    cp /bin/busybox "$root/bin/busybox"; \
    for applet in $(/bin/busybox --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done; \
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"; \
    printf 'root:x:0:0:root:/root:/bin/sh\nairbyte:x:1000:1000:airbyte:/airbyte:/bin/sh\n' > "$root/etc/passwd"; \
    printf 'root:x:0:\nairbyte:x:1000:\n' > "$root/etc/group"; \
    printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"; \
    chown -R 1000:1000 "$root/airbyte"; \
    chmod 1777 "$root/tmp"; \
    chroot "$root" "$loader" --list /airbyte/source-linkedin-pages >/dev/null \
      || { echo "a library the connector links is missing in $root" >&2; exit 1; }; \
    chroot "$root" "$loader" --list "$libcurl" >/dev/null \
      || { echo "libcurl ($libcurl) or a library it needs is missing in $root" >&2; exit 1; }

# Run: nothing but the file system above (no package manager, no libraries the connector does not load).
FROM scratch
COPY --from=build /rootfs/ /
USER 1000:1000
WORKDIR /airbyte
ENV HOME=/airbyte
ENV PATH=/bin
ENV AIRBYTE_ENTRYPOINT="/airbyte/source-linkedin-pages"
ENTRYPOINT ["/airbyte/source-linkedin-pages"]
LABEL io.airbyte.name=airbyte/source-linkedin-pages
LABEL io.airbyte.version=0.3.0
