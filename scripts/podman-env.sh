# Sourced by the deps scripts: the test container engine's own configuration,
# under ferry's cache, so that the machine's /etc/containers is never edited
# and its own settings (or another project's images) never get in the way.
# The engine tests set the same two variables for every podman they run
# (src/exec/docker/engine_fixture.cc); keep the paths in step.
#   containers.conf  runc + cgroupfs (crun fails on this kernel's hybrid
#                    cgroup layout), no default ulimits (they cannot be
#                    applied inside the test sandbox), events to a file
#   storage.conf     graph root under the cache, run root under /run
ferry_podman_dir=${FERRY_CACHE_DIR:-/var/cache/ferry}/podman
mkdir -p "$ferry_podman_dir"
if [[ ! -s $ferry_podman_dir/containers.conf ]]; then
  cat >"$ferry_podman_dir/containers.conf" <<'CONF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
if [[ ! -s $ferry_podman_dir/storage.conf ]]; then
  cat >"$ferry_podman_dir/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$ferry_podman_dir/storage"
runroot = "/run/ferry-podman"
CONF
fi
export CONTAINERS_CONF=$ferry_podman_dir/containers.conf
export CONTAINERS_STORAGE_CONF=$ferry_podman_dir/storage.conf
