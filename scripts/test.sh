#!/usr/bin/env bash
# The test command (README), what CI runs on a clean clone: installs what is missing, builds,
# tests the release package as Krew installs it, builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-sanitize), starts a local cluster, runs every unit and
# integration test with ctest in both builds, stops the cluster even when something fails, and
# then fuzzes each parser for 30 seconds (scripts/fuzz.sh).
# Usage: scripts/test.sh [--plain | --sanitize]
#   (none)      all of it: CI
#   --plain     the plain build and its tests only (the package test included)
#   --sanitize  the sanitizer build and its tests only
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir="${GITOPS_BUILD_DIR:-$root/build}"
sanitize_dir="${GITOPS_SANITIZE_BUILD_DIR:-$root/build-sanitize}"

# Every fuzz target has run 10 minutes without a finding (README, "Hardening"), so 30 seconds each
# mostly finds regressions; an old case found by chance is fixed and kept like any finding.
plain=yes sanitize=yes fuzz=yes
case ${1:-} in
  "") ;;
  --plain) sanitize=no fuzz=no ;;
  --sanitize) plain=no fuzz=no ;;
  *)
    echo "test: error: unknown option '$1' (usage: scripts/test.sh [--plain | --sanitize])" >&2
    exit 2
    ;;
esac

started=$(date +%s)
step() { echo "==> $* ($(($(date +%s) - started))s)"; }

step "installing dependencies"
scripts/install-deps.sh
# The helm the chart tests run (the one on PATH, else the one install-deps built and cached).
HELM=$(scripts/helm.sh)
export HELM

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ $plain == yes ]]; then
  step "building"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  ninja -C "$build_dir"

  step "testing the release package (static build, Krew install, a bare Debian chroot)"
  scripts/test-package.sh
fi
if [[ $sanitize == yes ]]; then
  step "building with AddressSanitizer and UndefinedBehaviorSanitizer"
  cmake -S . -B "$sanitize_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGITOPS_SANITIZE=ON \
    "${launcher[@]}" >/dev/null
  ninja -C "$sanitize_dir"
fi

step "starting a local cluster"
cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-test-cluster.XXXXXX")
trap 'scripts/local-cluster.sh down --dir "$cluster_dir"' EXIT
KUBECONFIG=$(scripts/local-cluster.sh up --dir "$cluster_dir")
export KUBECONFIG
kubectl get namespaces >/dev/null

if [[ $plain == yes ]]; then
  step "running the tests"
  ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 300
fi
if [[ $sanitize == yes ]]; then
  step "running the tests built with the sanitizers"
  # A report stops the program with SIGABRT, which no test takes for an expected exit code (ASan
  # and UBSan would exit 1, which is gitdiff's "differences found").
  # Leaks in libraries we do not build are suppressed (tests/sanitize/lsan.supp says which and
  # why), without the statistics LeakSanitizer would otherwise print on every exit.
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:check_initialization_order=1 \
    UBSAN_OPTIONS=abort_on_error=1:print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0" \
    ctest --test-dir "$sanitize_dir" --output-on-failure -j 2 --timeout 900
fi
scripts/local-cluster.sh down --dir "$cluster_dir"
trap - EXIT
if [[ $fuzz == yes ]]; then
  step "fuzzing each parser for 30 seconds"
  scripts/fuzz.sh 30
fi
step "done"
