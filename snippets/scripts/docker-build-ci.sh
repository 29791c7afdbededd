#!/usr/bin/env bash
# Commands used in section 2.7 (modern Dockerfile syntax, reproducible images,
# Bake and CI caching). Run from the repository root with Docker Buildx:
#   snippets/scripts/docker-build-ci.sh <check|link|reproducible|bake|cache>
set -euo pipefail

REGISTRY=registry.example.com/cnig
IMAGE=${REGISTRY}/pipeline

check() {
  # --8<-- [start:check]
  # 只跑构建检查；文件头的 "# check=error=true" 让任何违规都返回非零状态，
  # "experimental=all" 把实验性规则（如 CopyIgnoredFile）也打开。
  docker build --check snippets/docker/modern-syntax
  # 不改 Dockerfile，临时跳过某条规则（例如排查遗留镜像时）。
  docker build --check \
    --build-arg "BUILDKIT_DOCKERFILE_CHECK=skip=JSONArgsRecommended" \
    snippets/docker/modern-syntax
  # --8<-- [end:check]
}

link() {
  # --8<-- [start:link]
  docker build -t cnig/modern-syntax snippets/docker/modern-syntax
  # 每条 COPY --link 都是独立的一层，history 里照常能看到。
  docker history --format 'table {{.Size}}\t{{.CreatedBy}}' cnig/modern-syntax
  # --8<-- [end:link]
}

reproducible() {
  # --8<-- [start:reproducible]
  # 时间戳取最后一次提交的时间：同一个提交构建多少次都是同一个值。
  SOURCE_DATE_EPOCH=$(git log -1 --pretty=%ct)
  export SOURCE_DATE_EPOCH
  # 默认的 docker 驱动不支持导出 tar 包（官方驱动对比表的 Tarball output），
  # oci 导出器要用 docker-container 驱动的构建器。
  docker buildx create --name repro --driver docker-container
  for run in 1 2; do
    # --no-cache：第二次不许偷懒复用第一次的结果；
    # --provenance=false：来源证明里有构建起止时间，每次都不同；
    # rewrite-timestamp=true：层里晚于 SOURCE_DATE_EPOCH 的文件时间戳也改成它。
    docker buildx build --builder repro --no-cache --provenance=false \
      --output "type=oci,dest=repro-${run}.tar,rewrite-timestamp=true" \
      snippets/docker/reproducible
  done
  # index.json 里记录着镜像清单的摘要：两次相同，说明镜像逐字节相同。
  tar -xOf repro-1.tar index.json >repro-1.index.json
  tar -xOf repro-2.tar index.json >repro-2.index.json
  cmp repro-1.index.json repro-2.index.json && echo "reproducible"
  # --8<-- [end:reproducible]
}

# The heredoc below must start at column 0, so this body is not indented.
bake() {
# --8<-- [start:bake]
# 把“构建什么、怎么构建”写进 docker-bake.hcl，本地和 CI 用同一份定义。
cat > docker-bake.hcl <<'HCL'
# 变量可以被同名环境变量覆盖：TAG=1.2.3 docker buildx bake
variable "TAG" {
  default = "dev"
}
variable "REGISTRY" {
  default = "registry.example.com/cnig"
}

# 不写目标名时构建 default 组：两个镜像并行构建，共享同一个构建器的缓存。
group "default" {
  targets = ["pipeline", "staticserver"]
}

# 以下划线开头只是约定：公共设置放在这里，由其他目标继承。
target "_common" {
  context   = "snippets/go"
  platforms = ["linux/amd64", "linux/arm64"]
}

target "pipeline" {
  inherits = ["_common"]
  # dockerfile 的路径相对于 context。
  dockerfile = "../docker/build-cache/Dockerfile"
  tags       = ["${REGISTRY}/pipeline:${TAG}"]
  cache-from = ["type=registry,ref=${REGISTRY}/pipeline:buildcache"]
  cache-to   = ["type=registry,ref=${REGISTRY}/pipeline:buildcache,mode=max"]
}

target "staticserver" {
  inherits   = ["_common"]
  dockerfile = "../docker/go-static/Dockerfile"
  tags       = ["${REGISTRY}/staticserver:${TAG}"]
}
HCL
# 先看变量、继承展开之后的最终配置（不构建）。
docker buildx bake --print
# 构建并推送 default 组的全部目标。
TAG=1.0.0 docker buildx bake --push
# 只构建一个目标，并在命令行临时覆盖字段。
docker buildx bake pipeline --set pipeline.platforms=linux/amd64 --load
# --8<-- [end:bake]
}

cache() {
  # --8<-- [start:cache]
  # registry：缓存作为单独的制品推到镜像仓库，任何 CI 平台都能读写。
  docker buildx build \
    --cache-from "type=registry,ref=${IMAGE}:buildcache" \
    --cache-to "type=registry,ref=${IMAGE}:buildcache,mode=max" \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}:1.0.0" --push snippets/go
  # gha：GitHub Actions 的缓存服务，只能在 Actions 的作业里用
  # （docker/build-push-action 会提供所需的运行时令牌）；scope 区分不同镜像。
  docker buildx build \
    --cache-from "type=gha,scope=pipeline" \
    --cache-to "type=gha,scope=pipeline,mode=max" \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}:1.0.0" --push snippets/go
  # local：导出到目录，再交给 CI 自己的缓存功能保存。导出会不断追加，
  # 所以写到新目录，再替换旧目录，否则缓存只增不减。
  docker buildx build \
    --cache-from "type=local,src=/tmp/.buildx-cache" \
    --cache-to "type=local,dest=/tmp/.buildx-cache-new,mode=max" \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}:1.0.0" snippets/go
  rm -rf /tmp/.buildx-cache && mv /tmp/.buildx-cache-new /tmp/.buildx-cache
  # inline：缓存元数据直接写进镜像，只支持 mode=min（中间阶段的层不会被缓存）。
  docker buildx build --cache-to type=inline \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}:1.0.0" --push snippets/go
  # --8<-- [end:cache]
}

main() {
  case "${1:-}" in
    check | link | reproducible | bake | cache) "$1" ;;
    *)
      echo "usage: $0 <check|link|reproducible|bake|cache>" >&2
      exit 2
      ;;
  esac
}

main "$@"
