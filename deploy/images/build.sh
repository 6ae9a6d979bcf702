#!/usr/bin/env bash
# OCI images of tracker-service, drm-license and origin-server without a Docker daemon or a registry:
#   1. a Debian bookworm root file system per base (mmdebstrap, from the machine's apt sources): the JRE, plus ffmpeg
#      for the origin; a user riffle (uid/gid 10001); cached under target/images/base-*.tar;
#   2. buildah from scratch: that root file system, then the service's Quarkus fast-jar layout under /app (root-owned),
#      and the Dockerfile's ENV, EXPOSE, USER and ENTRYPOINT (deploy/docker/<service>.Dockerfile stays the one place
#      that says which JVM options each service runs with);
#   3. an OCI archive per service in target/images/riffle-<service>.tar, loadable with `podman load`/`skopeo`.
# Usage: deploy/images/build.sh [service…]   (default: tracker-service drm-license origin-server)
# Needs root (mmdebstrap's root mode) and Debian's buildah and mmdebstrap; the apps must be packaged first
# (./riffle images does both).
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/target/images"
mkdir -p "$OUT"
# vfs: works in any container or VM (no overlay mounts); buildah's storage of its own under target/.
STORAGE=(--root "$OUT/storage" --runroot "$OUT/run" --storage-driver vfs)
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
SERVICES=("$@")
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=(tracker-service drm-license origin-server)

for tool in buildah mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "images: $tool missing: apt-get install buildah mmdebstrap" >&2; exit 1; }
done

# The Debian mirror apt uses here (public registries are not needed, nor reachable).
mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# base <name> <packages>: a root file system tar with those packages (cached).
base() {
  local name=$1 packages=$2 tar="$OUT/base-$1.tar" part="$OUT/base-$1.part.tar"
  if [ ! -s "$tar" ]; then
    echo "images: building base $name ($packages) with mmdebstrap…" >&2
    mmdebstrap --variant=essential --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --aptopt='APT::Install-Recommends "false"' \
      --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
      --customize-hook='echo "riffle:x:10001:10001:riffle:/app:/usr/sbin/nologin" >> "$1/etc/passwd"' \
      --customize-hook='echo "riffle:x:10001:" >> "$1/etc/group"' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      --format=tar bookworm "$part" "$(mirror)" >&2
    mv "$part" "$tar"
  fi
  echo "$tar"
}

# The JSON array of a Dockerfile instruction (ENTRYPOINT) or its plain arguments (EXPOSE, USER, WORKDIR).
instruction() { sed -n "s/^$2 //p" "$1" | tail -1; }
# ENV of a Dockerfile (one "KEY=value" per line; the file writes them as one ENV with continuation lines).
envs() { awk '/^ENV /{on=1; sub(/^ENV /,"")} on {line=$0; sub(/ *\\$/,"",line); gsub(/^ +/,"",line); print line; if ($0 !~ /\\$/) on=0}' "$1"; }

for svc in "${SERVICES[@]}"; do
  dockerfile="$ROOT/deploy/docker/$svc.Dockerfile"
  app="$ROOT/$svc/target/quarkus-app"
  [ -f "$dockerfile" ] || { echo "images: no $dockerfile" >&2; exit 1; }
  [ -f "$app/quarkus-run.jar" ] || { echo "images: $svc is not packaged ($app/quarkus-run.jar missing)" >&2; exit 1; }
  if grep -q ffmpeg "$dockerfile"; then
    tar=$(base jre-ffmpeg "openjdk-17-jre-headless,ca-certificates,ffmpeg")
  else
    tar=$(base jre "openjdk-17-jre-headless,ca-certificates")
  fi
  image="localhost/riffle-$svc:$VERSION"
  echo "images: $image from $(basename "$tar")" >&2
  ctr=$(buildah "${STORAGE[@]}" from scratch)
  trap 'buildah "${STORAGE[@]}" rm "$ctr" >/dev/null 2>&1 || true' EXIT
  buildah "${STORAGE[@]}" add "$ctr" "$tar" /
  # dependencies first, as in the Dockerfile
  buildah "${STORAGE[@]}" copy --chown 0:0 "$ctr" "$app/lib" /app/lib
  buildah "${STORAGE[@]}" copy --chown 0:0 "$ctr" "$app/quarkus-run.jar" /app/quarkus-run.jar
  buildah "${STORAGE[@]}" copy --chown 0:0 "$ctr" "$app/app" /app/app
  buildah "${STORAGE[@]}" copy --chown 0:0 "$ctr" "$app/quarkus" /app/quarkus
  config=(--workingdir "$(instruction "$dockerfile" WORKDIR)" --user "$(instruction "$dockerfile" USER)"
    --entrypoint "$(instruction "$dockerfile" ENTRYPOINT)" --cmd '' --port "$(instruction "$dockerfile" EXPOSE)"
    --label "org.opencontainers.image.title=riffle-$svc" --label "org.opencontainers.image.version=$VERSION"
    --label "org.opencontainers.image.source=deploy/docker/$svc.Dockerfile"
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  while IFS= read -r kv; do [ -n "$kv" ] && config+=(--env "$kv"); done < <(envs "$dockerfile")
  buildah "${STORAGE[@]}" config "${config[@]}" "$ctr"
  buildah "${STORAGE[@]}" commit --format oci --rm "$ctr" "$image" >/dev/null
  trap - EXIT
  rm -f "$OUT/riffle-$svc.tar"
  buildah "${STORAGE[@]}" push "$image" "oci-archive:$OUT/riffle-$svc.tar:$image" >/dev/null
  size=$(du -m "$OUT/riffle-$svc.tar" | cut -f1)
  echo "images: $image -> target/images/riffle-$svc.tar (${size} MB, user $(instruction "$dockerfile" USER))"
done
# The previous build of a tag is left untagged in buildah's storage: drop it.
buildah "${STORAGE[@]}" rmi --prune >/dev/null 2>&1 || true
