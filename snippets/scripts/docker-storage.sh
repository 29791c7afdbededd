#!/usr/bin/env bash
# Commands used in section 2.3 (storage). Needs a Linux host with Docker Engine.
#   snippets/scripts/docker-storage.sh <driver|layers|mounts|owner|nfs|backup|cleanup>
set -euo pipefail

driver() {
  # --8<-- [start:driver]
  # Which storage backend is the daemon using? With the containerd image store
  # (default on fresh Engine 29+ installs) the driver is a containerd
  # snapshotter such as "overlayfs"; with the classic store it is "overlay2".
  docker info --format '{{.Driver}}'
  docker info --format '{{json .DriverStatus}}'
  # --8<-- [end:driver]
}

layers() {
  # --8<-- [start:layers]
  docker run -d --name cow nginx:1.29-alpine
  # Classic overlay2 store: LowerDir (image layers), UpperDir (this
  # container's writable layer), MergedDir (what the container sees).
  docker inspect --format '{{json .GraphDriver.Data}}' cow
  # Writing to an image file copies the whole file up into the writable layer.
  docker exec cow sh -c 'echo "# changed" >> /etc/nginx/nginx.conf'
  docker diff cow
  # SIZE is the writable layer; "virtual" adds the shared read-only layers.
  docker ps --size --filter name=cow
  # --8<-- [end:layers]
}

mounts() {
  # --8<-- [start:mounts]
  # Named volume: managed by Docker, survives the container.
  docker run -d --name db-vol \
    --mount type=volume,source=pgdata,target=/var/lib/postgresql \
    -e POSTGRES_PASSWORD_FILE=/run/secrets/pg-password \
    --mount type=bind,source="${PWD}/pg-password",target=/run/secrets/pg-password,readonly \
    postgres:18-alpine
  # Bind mount: a host path; --mount fails if it does not exist
  # (the short -v form would silently create an empty directory).
  docker run --rm --mount type=bind,source="${PWD}",target=/src,readonly \
    alpine:3.24 ls /src
  # tmpfs: in memory only, gone when the container stops.
  docker run --rm --mount type=tmpfs,target=/scratch,tmpfs-size=64m \
    alpine:3.24 df -h /scratch
  # --8<-- [end:mounts]
}

owner() {
  # --8<-- [start:owner]
  docker build -t cnig/volume-owner snippets/docker/volume-owner
  # An empty named volume is initialised from the image: owner 10001, writable.
  docker run --rm -v appdata:/var/lib/app cnig/volume-owner
  docker run --rm -v appdata:/var/lib/app cnig/volume-owner
  # A bind mount of a root-owned host directory is not: permission denied.
  sudo mkdir -p /srv/appdata
  docker run --rm -v /srv/appdata:/var/lib/app cnig/volume-owner || true
  # --8<-- [end:owner]
}

nfs() {
  # --8<-- [start:nfs]
  # The built-in "local" driver passes these options to mount(2) on the host
  # that runs the container, the first time a container uses the volume.
  docker volume create --driver local \
    --opt type=nfs \
    --opt o=addr=10.0.0.20,rw,nfsvers=4.1 \
    --opt device=:/exports/shared \
    shared-nfs
  docker run --rm -v shared-nfs:/data alpine:3.24 touch /data/hello
  # --8<-- [end:nfs]
}

backup() {
  # --8<-- [start:backup]
  # Volumes are plain directories to a helper container: archive and restore.
  docker run --rm -v pgdata:/data:ro -v "${PWD}":/backup alpine:3.24 \
    tar czf /backup/pgdata.tgz -C /data .
  docker volume create pgdata-restored
  docker run --rm -v pgdata-restored:/data -v "${PWD}":/backup:ro alpine:3.24 \
    tar xzf /backup/pgdata.tgz -C /data
  # --8<-- [end:backup]
}

cleanup() {
  # --8<-- [start:cleanup]
  # Where did the disk go? Images, containers, volumes and build cache.
  docker system df --verbose
  # Stopped containers, dangling images, unused networks, build cache.
  # Volumes are never touched unless asked for.
  docker system prune --force
  # Since Engine 23.0 this removes unused ANONYMOUS volumes only;
  # --all also removes unused named volumes, except those labelled keep=true.
  docker volume prune --all --force --filter 'label!=keep=true'
  # --8<-- [end:cleanup]
}

main() {
  case "${1:-}" in
    driver | layers | mounts | owner | nfs | backup | cleanup) "$1" ;;
    *)
      echo "usage: $0 <driver|layers|mounts|owner|nfs|backup|cleanup>" >&2
      exit 2
      ;;
  esac
}

main "$@"
