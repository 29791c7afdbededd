#!/usr/bin/env bash
# Builds and pushes the distroless image for two platforms in one command.
# Needs Docker with BuildKit (buildx) and a registry you can push to:
#   IMAGE=registry.example.com/team/staticserver:1.0 snippets/scripts/go-buildx.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
image="${IMAGE:?set IMAGE to the image reference to push}"

# --8<-- [start:buildx]
# One builder stage per target platform, each cross-compiling natively
# (the Dockerfile pins the builder to $BUILDPLATFORM); the result is one
# multi-platform image index with an amd64 and an arm64 manifest.
docker buildx build \
  --platform linux/amd64,linux/arm64 \
  -f "$root/docker/go-static/Dockerfile" \
  -t "$image" --push \
  "$root/go"
# Check which platforms the pushed index contains.
docker buildx imagetools inspect "$image"
# --8<-- [end:buildx]
