#!/usr/bin/env bash
# gitsync's speed, side by side with `kubectl apply --server-side` on the same files in one run,
# reported as ratios: a first sync of N objects over four kinds into an empty namespace, and a
# no-op sync of the same revision.
#
#   scripts/bench-sync.sh [N]        N defaults to 1000; the targets are stated at N=1000
# Needs a built tree and starts its own local cluster.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
n=${1:-1000}
gitsync="$bench_plugins/kubectl-gitsync"
bench_start bench-sync

# make_repo NAMESPACE: N objects over four kinds in a fresh repository, targeting NAMESPACE.
make_repo() {
  local ns=$1 dir="$work/$1"
  mkdir -p "$dir/app"
  git -C "$dir" init -q -b main
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" >"$dir/app/namespace.yaml"
  for ((i = 0; i < n; i++)); do
    bench_object "${bench_kinds[$((i % 4))]}" "$i" 25 "$ns" >"$dir/app/object-$i.yaml"
  done
  bench_commit "$dir" "bench: $n objects"
  echo "$dir"
}

ours_repo=$(make_repo bench-gitsync)
theirs_repo=$(make_repo bench-apply)
kubectl get namespaces >/dev/null  # warm discovery

cd "$ours_repo"
ours_first=$(seconds "$gitsync" app --app bench)
ours_noop=$(seconds "$gitsync" app --app bench)
theirs_first=$(seconds kubectl apply --server-side -f "$theirs_repo/app")
theirs_noop=$(seconds kubectl apply --server-side -f "$theirs_repo/app")

echo
echo "== gitsync against kubectl apply --server-side, N=$n objects"
printf '%-36s %8.2f s   kubectl apply --server-side %8.2f s   gitsync is %sx faster (target: >= 2x)\n' \
  "first sync" "$ours_first" "$theirs_first" "$(ratio "$theirs_first" "$ours_first")"
printf '%-36s %8.2f s   kubectl apply --server-side %8.2f s   gitsync is %sx faster (target: >= 10x)\n' \
  "no-op sync (same revision)" "$ours_noop" "$theirs_noop" "$(ratio "$theirs_noop" "$ours_noop")"
