#!/usr/bin/env bash
# Commands used in section 2.4 (security). Needs a Linux host with Docker Engine.
#   snippets/scripts/docker-security.sh <group>
# Groups: rootless-install rootless-ports daemon-config run-hardened caps
#         seccomp scan sign runtime-secrets
set -euo pipefail

IMAGE=registry.example.com/cnig/pipeline:1.0.0

rootless_install() {
  # --8<-- [start:rootless-install]
  # 以普通用户身份、在真正的登录会话里执行（ssh 或 "machinectl shell user@"）：
  # "sudo -u" 或 "su" 没有 systemd 用户实例，安装工具就装不上服务。
  grep "^$(whoami):" /etc/subuid /etc/subgid # 各自至少 65536 个 ID
  command -v newuidmap newgidmap              # 来自 uidmap 软件包
  dockerd-rootless-setuptool.sh install
  systemctl --user enable --now docker
  sudo loginctl enable-linger "$(whoami)"     # 不登录也能启动
  docker context use rootless
  docker info --format '{{.SecurityOptions}}' # 列出 name=rootless
  # --8<-- [end:rootless-install]
}

rootless_ports() {
  # --8<-- [start:rootless-ports]
  # 非特权进程不能绑定 1024 以下的端口。要么给整台主机降低这个下限……
  echo 'net.ipv4.ip_unprivileged_port_start=80' |
    sudo tee /etc/sysctl.d/99-rootless-ports.conf
  sudo sysctl --system
  # ……要么只给 RootlessKit 绑定这些端口的能力。
  sudo setcap cap_net_bind_service=ep "$(command -v rootlesskit)"
  systemctl --user restart docker
  # --8<-- [end:rootless-ports]
}

# The heredoc below must start at column 0, so this body is not indented.
daemon_config() {
# --8<-- [start:daemon-config]
# userns-remap 只能用经典镜像存储；Engine 29 发现开了 userns-remap，
# 会自动停用 containerd 镜像存储，所以这里不必再写 containerd-snapshotter。
sudo tee /etc/docker/daemon.json >/dev/null <<'JSON'
{
  "userns-remap": "default",
  "no-new-privileges": true,
  "log-driver": "local",
  "log-opts": { "max-size": "20m", "max-file": "5" }
}
JSON
sudo systemctl restart docker
# "default" 会创建 dockremap 用户，并在 /etc/subuid、/etc/subgid 里分配 ID 段。
grep dockremap /etc/subuid /etc/subgid
# 现在容器里的 root 在宿主机上是一个非特权 UID：
docker run -d --name remapped alpine:3.24 sleep 600
ps -o user,pid,cmd -C sleep
# --8<-- [end:daemon-config]
}

run_hardened() {
  # --8<-- [start:run-hardened]
  # 运行时最小权限：不给任何能力，禁止通过 setuid 程序提权，根文件系统只读
  # 并配一个小 tmpfs，非 root 用户，限制内存和进程数。
  docker run -d --name api \
    --user 10001:10001 \
    --cap-drop ALL \
    --security-opt no-new-privileges=true \
    --read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m \
    --memory 256m --pids-limit 200 \
    -p 127.0.0.1:8080:8080 \
    "${IMAGE}"
  # --8<-- [end:run-hardened]
}

caps() {
  # --8<-- [start:caps]
  # 1 号进程的能力集：默认容器与 --cap-drop ALL 对比。
  docker run --rm alpine:3.24 grep Cap /proc/1/status
  docker run --rm --cap-drop ALL alpine:3.24 grep Cap /proc/1/status
  # 把掩码解码成能力名（capsh 在 libcap 软件包里）。
  capsh --decode=00000000a80425fb
  # 非 root 进程从 --cap-add 得不到能力：Docker 不设置 ambient 能力，
  # 除非可执行文件自带文件能力，exec 之后 CapEff 为 0。
  docker run --rm --user 10001 --cap-add NET_ADMIN alpine:3.24 grep CapEff /proc/1/status
  # 在容器自己的网络命名空间里绑定低端口不需要能力：Docker（20.10 起）
  # 把这个 sysctl 设为 0；host 网络下仍是 1024。
  docker run --rm alpine:3.24 sysctl net.ipv4.ip_unprivileged_port_start
  docker run --rm --network host alpine:3.24 sysctl net.ipv4.ip_unprivileged_port_start
  # --8<-- [end:caps]
}

seccomp() {
  # --8<-- [start:seccomp]
  # 启用了哪些安全配置？（seccomp、apparmor 或 selinux、rootless……）
  docker info --format '{{json .SecurityOptions}}'
  # "Seccomp: 2" 表示 BPF 过滤器生效（默认配置）；seccomp=unconfined
  # 会关掉它，显示 0。生产环境绝不要这样做。
  docker run --rm alpine:3.24 grep Seccomp /proc/1/status
  docker run --rm --security-opt seccomp=unconfined alpine:3.24 grep Seccomp /proc/1/status
  # 使用自己的配置（以 moby 的默认配置 JSON 为起点修改）。
  docker run --rm --security-opt seccomp=./seccomp-strict.json alpine:3.24 true
  # 在 SELinux 主机上，为这一个容器重新标记绑定挂载（:Z）。
  docker run --rm -v "${PWD}/config:/config:ro,Z" alpine:3.24 ls /config
  # --8<-- [end:seccomp]
}

scan() {
  # --8<-- [start:scan]
  # 构建时就给镜像附上 SBOM 和最详细的（mode=max）来源证明。
  docker buildx build --sbom=true --provenance=mode=max \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}" --push snippets/go
  # 镜像里的软件包和 Go 模块有哪些已知 CVE。
  docker scout cves "${IMAGE}"
  trivy image --severity HIGH,CRITICAL --exit-code 1 "${IMAGE}"
  # --8<-- [end:scan]
}

sign() {
  # --8<-- [start:sign]
  # 对摘要签名，不要对标签签名：标签可以被挪到别的镜像上。
  # crane（go-containerregistry）打印出仓库为这个标签返回的摘要。
  digest=$(crane digest "${IMAGE}")
  cosign sign --yes "${IMAGE%:*}@${digest}"
  # 无密钥验证：谁签的（身份），哪个 OIDC 签发方作保。
  cosign verify "${IMAGE%:*}@${digest}" \
    --certificate-identity-regexp 'https://github.com/cn-interview-guide/.+' \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com
  # --8<-- [end:sign]
}

runtime_secrets() {
  # --8<-- [start:runtime-secrets]
  # Swarm 密钥：加密保存在管理节点的 Raft 日志里，只在声明了它的任务中
  # 以 tmpfs 文件的形式挂到 /run/secrets/<名字>。
  printf '%s' "$(openssl rand -hex 24)" | docker secret create pg-password -
  docker service create --name db \
    --secret pg-password \
    -e POSTGRES_PASSWORD_FILE=/run/secrets/pg-password \
    postgres:18-alpine
  # 相比之下，环境变量对任何能执行 inspect 的人都可见：
  docker inspect --format '{{json .Config.Env}}' api
  # --8<-- [end:runtime-secrets]
}

main() {
  case "${1:-}" in
    rootless-install) rootless_install ;;
    rootless-ports) rootless_ports ;;
    daemon-config) daemon_config ;;
    run-hardened) run_hardened ;;
    caps) caps ;;
    seccomp) seccomp ;;
    scan) scan ;;
    sign) sign ;;
    runtime-secrets) runtime_secrets ;;
    *)
      echo "usage: $0 <rootless-install|rootless-ports|daemon-config|run-hardened|caps|seccomp|scan|sign|runtime-secrets>" >&2
      exit 2
      ;;
  esac
}

main "$@"
