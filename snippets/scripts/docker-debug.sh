#!/usr/bin/env bash
# Commands used in section 2.5 (troubleshooting). Needs a Linux host with
# Docker Engine; nsenter and the cgroup reads need root.
#   snippets/scripts/docker-debug.sh <group> [container]
# Groups: observe exec oom nsenter sidecar image-mount desktop-debug cpu unreachable
set -euo pipefail

APP=${2:-app}

observe() {
  # --8<-- [start:observe]
  # One snapshot of CPU, memory (without page cache), network, block I/O, PIDs.
  docker stats --no-stream \
    --format 'table {{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}'
  # State, exit code, OOM flag and restart count in one line.
  docker inspect --format \
    '{{.State.Status}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}} restarts={{.RestartCount}} err={{.State.Error}}' \
    "${APP}"
  # The last 200 log lines of the past 15 minutes, with timestamps.
  docker logs --since 15m --tail 200 --timestamps "${APP}"
  # What the daemon saw happen: die, oom, kill, restart, health_status ...
  docker events --since 1h --until 0s --filter container="${APP}"
  # Disk used by images, containers, volumes and build cache.
  docker system df
  # --8<-- [end:observe]
}

exec_shell() {
  # --8<-- [start:exec]
  # docker exec needs the container name or ID, then the command to run.
  docker exec -it "${APP}" sh
  # Run one command as root even if the image's USER is not root.
  docker exec --user 0 "${APP}" cat /etc/os-release
  # No shell in the image at all? Copy files out instead.
  docker cp "${APP}:/etc/passwd" ./app-passwd
  # --8<-- [end:exec]
}

oom() {
  # --8<-- [start:oom]
  # Reproduce: a 64 MiB limit and a process that keeps allocating.
  docker run --name oom-demo --memory 64m --memory-swap 64m alpine:3.24 \
    sh -c 'x=a; while true; do x="$x$x"; done' || true
  docker inspect --format 'exit={{.State.ExitCode}} oom={{.State.OOMKilled}}' oom-demo
  # The kernel's own record of the kill.
  sudo dmesg --level=err,warn | grep -i 'killed process' | tail -n 3
  # --8<-- [end:oom]
}

enter_ns() {
  # --8<-- [start:nsenter]
  # The container's PID 1 as seen from the host.
  pid=$(docker inspect --format '{{.State.Pid}}' "${APP}")
  # Enter only the network namespace: the HOST's ss and tcpdump run inside it.
  sudo nsenter --target "${pid}" --net ss -tlnp
  sudo nsenter --target "${pid}" --net tcpdump -ni eth0 -c 20 port 8080
  # Enter mount + PID namespaces too: now paths and PIDs are the container's.
  sudo nsenter --target "${pid}" --mount --pid --net ps
  # --8<-- [end:nsenter]
}

sidecar() {
  # --8<-- [start:sidecar]
  # A throwaway tools container that shares the app's PID and network
  # namespaces. SYS_PTRACE lets it read /proc/<pid>/root of the app's process.
  docker run --rm -it \
    --pid "container:${APP}" --network "container:${APP}" \
    --cap-add SYS_PTRACE \
    busybox:1.37 sh
  # Inside: "ps" shows the app's processes, "netstat -tln" its sockets,
  # and "ls /proc/1/root/" its filesystem.
  # --8<-- [end:sidecar]
}

image_mount() {
  # --8<-- [start:image-mount]
  # Needs the containerd image store: start the app's OWN image with busybox
  # mounted read-only at /dbg, in the app's PID namespace.
  image=$(docker inspect --format '{{.Config.Image}}' "${APP}")
  docker run --rm -it --pid "container:${APP}" \
    --mount type=image,source=busybox:1.37,destination=/dbg \
    --entrypoint /dbg/bin/sh "${image}"
  # --8<-- [end:image-mount]
}

desktop_debug() {
  # --8<-- [start:desktop-debug]
  # Docker Desktop only (not plain Docker Engine on a Linux server):
  # a shell with a tool box in any container or image, even without a shell.
  docker debug "${APP}"
  # --8<-- [end:desktop-debug]
}

cpu() {
  # --8<-- [start:cpu]
  # --cpus=1.5 becomes cgroup v2 "cpu.max = 150000 100000": 150 ms of CPU
  # time per 100 ms period, across all threads.
  docker update --cpus 1.5 "${APP}"
  cg=/sys/fs/cgroup/system.slice/docker-$(docker inspect --format '{{.Id}}' "${APP}").scope
  cat "${cg}/cpu.max"
  # nr_throttled / throttled_usec grow when the quota runs out in a period.
  cat "${cg}/cpu.stat"
  # --8<-- [end:cpu]
}

unreachable() {
  # --8<-- [start:unreachable]
  # 1. Is it running, and since when? Restarting in a loop?
  docker ps --all --filter name="${APP}" --format '{{.Status}}\t{{.Ports}}'
  # 2. Is the port published, and on which host address?
  docker port "${APP}"
  # 3. Does the process listen on 0.0.0.0, not only on 127.0.0.1 inside?
  sudo nsenter --target "$(docker inspect --format '{{.State.Pid}}' "${APP}")" --net ss -tln
  # 4. Does it answer another container on the same network, at its own IP?
  # (The first network the container is attached to.)
  net=$(docker inspect --format '{{range $name, $v := .NetworkSettings.Networks}}{{println $name}}{{end}}' "${APP}" | head -n 1)
  ip=$(docker inspect --format "{{(index .NetworkSettings.Networks \"${net}\").IPAddress}}" "${APP}")
  docker run --rm --network "${net}" busybox:1.37 wget -qO- -T 3 "http://${ip}:8080/"
  # 5. Is a host firewall rule in the way?
  sudo iptables -S DOCKER-USER
  # --8<-- [end:unreachable]
}

main() {
  case "${1:-}" in
    observe) observe ;;
    exec) exec_shell ;;
    oom) oom ;;
    nsenter) enter_ns ;;
    sidecar) sidecar ;;
    image-mount) image_mount ;;
    desktop-debug) desktop_debug ;;
    cpu) cpu ;;
    unreachable) unreachable ;;
    *)
      echo "usage: $0 <observe|exec|oom|nsenter|sidecar|image-mount|desktop-debug|cpu|unreachable> [container]" >&2
      exit 2
      ;;
  esac
}

main "$@"
