#!/usr/bin/env bash
# Commands used in section 2.4 (security). Needs a Linux host with Docker Engine.
#   snippets/scripts/docker-security.sh <group>
# Groups: rootless-install rootless-ports daemon-config run-hardened caps
#         seccomp scan sign runtime-secrets
set -euo pipefail

IMAGE=registry.example.com/cnig/pipeline:1.0.0

rootless_install() {
  # --8<-- [start:rootless-install]
  # Run as the unprivileged user, in a real login session (ssh or
  # "machinectl shell user@"): "sudo -u" or "su" leaves no systemd user
  # instance, and the setup tool then cannot install its service.
  grep "^$(whoami):" /etc/subuid /etc/subgid # at least 65536 IDs each
  command -v newuidmap newgidmap              # from the uidmap package
  dockerd-rootless-setuptool.sh install
  systemctl --user enable --now docker
  sudo loginctl enable-linger "$(whoami)"     # start without a login session
  docker context use rootless
  docker info --format '{{.SecurityOptions}}' # lists name=rootless
  # --8<-- [end:rootless-install]
}

rootless_ports() {
  # --8<-- [start:rootless-ports]
  # Unprivileged processes may not bind ports below 1024. Either lower the
  # limit for the whole host ...
  echo 'net.ipv4.ip_unprivileged_port_start=80' |
    sudo tee /etc/sysctl.d/99-rootless-ports.conf
  sudo sysctl --system
  # ... or give only RootlessKit the capability to bind them.
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
# "default" creates the user dockremap and its ranges in /etc/subuid, /etc/subgid.
grep dockremap /etc/subuid /etc/subgid
# Container root is now an unprivileged UID on the host:
docker run -d --name remapped alpine:3.24 sleep 600
ps -o user,pid,cmd -C sleep
# --8<-- [end:daemon-config]
}

run_hardened() {
  # --8<-- [start:run-hardened]
  # Least privilege at run time: no capabilities, no privilege escalation
  # through setuid binaries, a read-only root filesystem with a small tmpfs,
  # a non-root user and limits on memory and process count.
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
  # The capability sets of PID 1: default container vs. --cap-drop ALL.
  docker run --rm alpine:3.24 grep Cap /proc/1/status
  docker run --rm --cap-drop ALL alpine:3.24 grep Cap /proc/1/status
  # Decode a mask into names (capsh is in the libcap package).
  capsh --decode=00000000a80425fb
  # A non-root process gets no capabilities from --cap-add: Docker sets no
  # ambient capabilities, so CapEff is 0 after exec unless the file has some.
  docker run --rm --user 10001 --cap-add NET_ADMIN alpine:3.24 grep CapEff /proc/1/status
  # Low ports need no capability in the container's own network namespace:
  # Docker (since 20.10) sets this sysctl to 0 there; host networking keeps 1024.
  docker run --rm alpine:3.24 sysctl net.ipv4.ip_unprivileged_port_start
  docker run --rm --network host alpine:3.24 sysctl net.ipv4.ip_unprivileged_port_start
  # --8<-- [end:caps]
}

seccomp() {
  # --8<-- [start:seccomp]
  # Which profiles are active? (seccomp, apparmor or selinux, rootless, ...)
  docker info --format '{{json .SecurityOptions}}'
  # "Seccomp: 2" means a BPF filter is active (the default profile);
  # seccomp=unconfined turns it off and shows 0. Never do that in production.
  docker run --rm alpine:3.24 grep Seccomp /proc/1/status
  docker run --rm --security-opt seccomp=unconfined alpine:3.24 grep Seccomp /proc/1/status
  # Run with your own profile (start from moby's default profile JSON).
  docker run --rm --security-opt seccomp=./seccomp-strict.json alpine:3.24 true
  # On SELinux hosts, relabel a bind mount for this one container (:Z).
  docker run --rm -v "${PWD}/config:/config:ro,Z" alpine:3.24 ls /config
  # --8<-- [end:seccomp]
}

scan() {
  # --8<-- [start:scan]
  # Attach an SBOM and maximal provenance to the image while building it.
  docker buildx build --sbom=true --provenance=mode=max \
    -f snippets/docker/build-cache/Dockerfile -t "${IMAGE}" --push snippets/go
  # Known CVEs in the image's packages and Go modules.
  docker scout cves "${IMAGE}"
  trivy image --severity HIGH,CRITICAL --exit-code 1 "${IMAGE}"
  # --8<-- [end:scan]
}

sign() {
  # --8<-- [start:sign]
  # Sign the digest, never the tag: a tag can be moved to another image.
  # crane (go-containerregistry) prints the digest the registry serves for the tag.
  digest=$(crane digest "${IMAGE}")
  cosign sign --yes "${IMAGE%:*}@${digest}"
  # Keyless verification: who signed it (identity) and which OIDC issuer vouched.
  cosign verify "${IMAGE%:*}@${digest}" \
    --certificate-identity-regexp 'https://github.com/cn-interview-guide/.+' \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com
  # --8<-- [end:sign]
}

runtime_secrets() {
  # --8<-- [start:runtime-secrets]
  # Swarm secret: stored encrypted in the managers' Raft log, mounted as a
  # file on tmpfs at /run/secrets/<name> only in the tasks that request it.
  printf '%s' "$(openssl rand -hex 24)" | docker secret create pg-password -
  docker service create --name db \
    --secret pg-password \
    -e POSTGRES_PASSWORD_FILE=/run/secrets/pg-password \
    postgres:18-alpine
  # An environment variable, by contrast, is visible to anyone who can inspect:
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
