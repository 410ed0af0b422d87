#!/usr/bin/env bash
# The test command (README): installs what is missing, builds, tests the release package as Krew
# installs it, starts a local cluster, runs every unit and integration test with ctest, and stops
# the cluster even when something fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir="${GITOPS_BUILD_DIR:-$root/build}"

started=$(date +%s)
step() { echo "==> $* ($(($(date +%s) - started))s)"; }

step "installing dependencies"
scripts/install-deps.sh
# The helm the chart tests run (the one on PATH, else the one install-deps built and cached).
HELM=$(scripts/helm.sh)
export HELM

step "building"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build_dir"

step "testing the release package (static build, Krew install, a bare Debian chroot)"
scripts/test-package.sh

step "starting a local cluster"
cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-test-cluster.XXXXXX")
trap 'scripts/local-cluster.sh down --dir "$cluster_dir"' EXIT
KUBECONFIG=$(scripts/local-cluster.sh up --dir "$cluster_dir")
export KUBECONFIG
kubectl get namespaces >/dev/null

step "running the tests"
ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 300
step "done"
