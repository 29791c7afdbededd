#!/usr/bin/env bash
# Commands used in section 2.1 (image build). Run from the repository root:
#   snippets/scripts/docker-build.sh <build|check|layers|secret|multiplatform|cache|prune>
# Each group is a function so that a page can show exactly one of them.
set -euo pipefail

IMAGE=registry.example.com/cnig/pipeline
TAG=1.0.0

build() {
  # --8<-- [start:build]
  # BuildKit is the default builder since Docker Engine 23.0; --progress=plain
  # prints every step, including which ones were CACHED.
  docker build --progress=plain \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" snippets/go
  # --8<-- [end:build]
}

check() {
  # --8<-- [start:check]
  # Evaluate the build checks only; nothing is built. Exit status is non-zero
  # when a check fails and the Dockerfile says "# check=error=true".
  docker build --check -f snippets/docker/build-cache/Dockerfile snippets/go
  # Lint with hadolint as well (it also checks the shell inside RUN).
  hadolint snippets/docker/build-cache/Dockerfile
  # --8<-- [end:check]
}

layers() {
  # --8<-- [start:layers]
  # One row per instruction: which ones created a layer and how big it is.
  docker history --no-trunc --format 'table {{.Size}}\t{{.CreatedBy}}' "${IMAGE}:${TAG}"
  # The content-addressed layer digests that registries and caches compare.
  docker image inspect --format '{{json .RootFS.Layers}}' "${IMAGE}:${TAG}"
  # --8<-- [end:layers]
}

secret() {
  # --8<-- [start:secret]
  # The file is streamed to the builder for the RUN that mounts id=netrc only.
  docker build --secret id=netrc,src="${HOME}/.netrc" \
    -f snippets/docker/private-modules/Dockerfile \
    -t "${IMAGE}:${TAG}" snippets/go
  # --8<-- [end:secret]
}

multiplatform() {
  # --8<-- [start:multiplatform]
  # The classic image store cannot hold multi-platform images; use a
  # docker-container builder (or enable the containerd image store).
  docker buildx create --name multi --driver docker-container --use
  docker buildx build --platform linux/amd64,linux/arm64 \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" --push snippets/go
  # One tag, one index (manifest list), one manifest per platform.
  docker buildx imagetools inspect "${IMAGE}:${TAG}"
  # --8<-- [end:multiplatform]
}

cache() {
  # --8<-- [start:cache]
  # CI runners start empty: export the layer cache to the registry and read
  # it back on the next run (mode=max also keeps intermediate stages).
  docker buildx build \
    --cache-to "type=registry,ref=${IMAGE}:buildcache,mode=max" \
    --cache-from "type=registry,ref=${IMAGE}:buildcache" \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" --push snippets/go
  # --8<-- [end:cache]
}

prune() {
  # --8<-- [start:prune]
  # Build cache, including cache mounts, is not shown by "docker images".
  docker buildx du --verbose
  # Keep what was used in the last week, drop the rest.
  docker buildx prune --filter until=168h --force
  # --8<-- [end:prune]
}

main() {
  case "${1:-}" in
    build | check | layers | secret | multiplatform | cache | prune) "$1" ;;
    *)
      echo "usage: $0 <build|check|layers|secret|multiplatform|cache|prune>" >&2
      exit 2
      ;;
  esac
}

main "$@"
