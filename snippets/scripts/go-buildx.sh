#!/usr/bin/env bash
# Builds and pushes the distroless image for two platforms in one command.
# Needs Docker with BuildKit (buildx) and a registry you can push to:
#   IMAGE=registry.example.com/team/staticserver:1.0 snippets/scripts/go-buildx.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
image="${IMAGE:?set IMAGE to the image reference to push}"

# --8<-- [start:buildx]
# 每个目标平台对应一个 builder 阶段，都在构建机的原生平台上交叉编译
# （Dockerfile 把 builder 固定在 $BUILDPLATFORM 上）；结果是一个
# 包含 amd64 和 arm64 两个 manifest 的多平台 image index。
docker buildx build \
  --platform linux/amd64,linux/arm64 \
  -f "$root/docker/go-static/Dockerfile" \
  -t "$image" --push \
  "$root/go"
# 检查推送上去的 index 包含哪些平台。
docker buildx imagetools inspect "$image"
# --8<-- [end:buildx]
