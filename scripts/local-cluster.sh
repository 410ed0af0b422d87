#!/usr/bin/env bash
# A real, living Kubernetes cluster on loopback, for the tests and the demo: embedded etcd, the real
# kube-apiserver, kube-controller-manager and kube-scheduler, and simulated nodes whose Pods run by
# pretending, all built from Go modules by tests/cluster (see README.md, "The local cluster").
#
#   scripts/local-cluster.sh up   [--dir DIR] [--lean] [--latency D]
#                                               build if needed, start, wait until ready, print the kubeconfig
#   scripts/local-cluster.sh down [--dir DIR]   stop it and remove its state
#   scripts/local-cluster.sh restart [--dir DIR]
#                                               kill it if it runs (SIGKILL, as a crash) and start it
#                                               again on its state: same etcd data, port, certificates
#                                               and tokens, so its kubeconfig stays valid
#   scripts/local-cluster.sh env  [--dir DIR]   print "export KUBECONFIG=..."
#   scripts/local-cluster.sh build              build (or find in the cache) the binary; print its path
#
#   --lean        the API server alone (no controllers, scheduler or nodes), as for tests that start
#                 many clusters: Deployments then never get Pods
#   --latency D   delay every request by D (e.g. 20ms), as a remote cluster does: the kubeconfig points
#                 at a proxy in front of the API server
#
# Pods misbehave on purpose by image tag: crashloop (CrashLoopBackOff, exit code 1), fail (exits 1;
# a Job's Pod fails), slow (Ready after 10 s); any other image is Ready within a second.
# Several clusters run side by side in separate dirs; each picks free ports.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir="$here/../tests/cluster"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-gitops"
dir="${GITOPS_CLUSTER_DIR:-${TMPDIR:-/tmp}/kubectl-gitops-cluster}"
ready_timeout=60

die() {
  echo "local-cluster: error: $*" >&2
  exit 2
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

command="${1:-}"
[[ -n "$command" ]] || usage
shift
cluster_flags=()
while (($#)); do
  case "$1" in
    --dir) dir="${2:?--dir needs a folder}"; shift 2 ;;
    --dir=*) dir="${1#--dir=}"; shift ;;
    --lean) cluster_flags+=(--lean); shift ;;
    --latency) cluster_flags+=(--latency "${2:?--latency needs a duration such as 20ms}"); shift 2 ;;
    --latency=*) cluster_flags+=(--latency "${1#--latency=}"); shift ;;
    *) die "unknown flag '$1'" ;;
  esac
done
mkdir -p "$(dirname "$dir")"
dir="$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")"

# The server reports the Kubernetes version that tests/cluster/go.mod pins (the one place to change it),
# as a release build would; kubectl refuses to parse the development default.
version_ldflags() {
  local version major minor
  version=$(cd "$source_dir" && GOTOOLCHAIN=local go list -m -f '{{.Version}}' k8s.io/kubernetes)
  major=$(echo "$version" | sed -E 's/^v([0-9]+)\..*/\1/')
  minor=$(echo "$version" | sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/')
  local flags=""
  for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $package.gitVersion=$version -X $package.gitMajor=$major -X $package.gitMinor=$minor"
    flags+=" -X $package.gitTreeState=clean -X $package.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}

# The binary is cached by a hash of everything it is built from, outside the source tree.
build() {
  local hash binary
  hash=$( (cd "$source_dir" && cat go.mod go.sum *.go && version_ldflags) | sha256sum | cut -c1-16)
  binary="$cache_dir/localcluster-$hash"
  if [[ ! -x "$binary" ]]; then
    echo "local-cluster: building the cluster from Go modules (first run only; several minutes)" >&2
    mkdir -p "$cache_dir"
    (cd "$source_dir" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags "$(version_ldflags)" -o "$binary.tmp" .) >&2 ||
      die "the build of tests/cluster failed (see above)"
    mv "$binary.tmp" "$binary"
  fi
  echo "$binary"
}

running_pid() {
  local pid
  [[ -f "$dir/pid" ]] || return 1
  pid=$(cat "$dir/pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

up() {
  if running_pid >/dev/null; then
    echo "$dir/kubeconfig"
    return
  fi
  local binary
  binary=$(build)
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s\n' ${cluster_flags[@]+"${cluster_flags[@]}"} >"$dir/flags"
  start "$binary"
}

# Starts the binary on $dir with the flags `up` saved (and any given), waits until it is ready.
start() {
  local binary=$1 pid waited=0 flags=()
  mapfile -t flags <"$dir/flags"
  nohup "$binary" --dir "$dir" ${flags[@]+"${flags[@]}"} "${@:2}" >>"$dir/cluster.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/pid"
  while [[ ! -f "$dir/ready" ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/cluster.log" >&2
      die "the local cluster exited before it was ready (log: $dir/cluster.log)"
    fi
    if ((waited >= ready_timeout * 10)); then
      tail -n 20 "$dir/cluster.log" >&2
      down >/dev/null
      die "the local cluster was not ready within ${ready_timeout}s"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "$dir/kubeconfig"
}

restart() {
  local pid binary
  [[ -f "$dir/etcd-data-dir" ]] || die "no local cluster was started in $dir"
  binary=$(build)
  if pid=$(running_pid); then
    kill -9 "$pid"
    # Gone once it cannot be signalled or is a zombie waiting for its parent.
    while kill -0 "$pid" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; do
      sleep 0.05
    done
  fi
  rm -f "$dir/ready"
  start "$binary" --restart >/dev/null
}

down() {
  local pid
  if pid=$(running_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [[ -f "$dir/etcd-data-dir" ]]; then
    rm -rf "$(cat "$dir/etcd-data-dir")"
  fi
  rm -rf "$dir"
}

case "$command" in
  up) up ;;
  down) down ;;
  restart) restart ;;
  env) echo "export KUBECONFIG=$dir/kubeconfig" ;;
  build) build ;;
  *) usage ;;
esac
