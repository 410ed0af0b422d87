#!/usr/bin/env bash
# gitdiff's peak memory at scale, side by side with kubectl's own for reading the same objects:
# N objects over five kinds (ConfigMap, Secret, Service, Deployment, a custom resource) synced to a
# local cluster by gitsync, 10% then changed in git, and the peak resident set of one gitdiff
# against one `kubectl get` of those kinds.
#
#   scripts/bench-memory.sh [N]      N defaults to 10000; the target is < 300 MB at N=10000
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
n=${1:-10000}
bench_start bench-memory

ns=bench
repo="$work/repo"
mkdir -p "$repo/app"
git -C "$repo" init -q -b main
bench_crd_and_namespace "$ns" >"$repo/app/crd.yaml"
# One stream of N objects keeps the repository small; gitdiff reads it as it reads many files.
# generate DRIFT: every object at version 25, or with DRIFT=yes every tenth at 26.
generate() {
  for ((i = 0; i < n; i++)); do
    local version=25
    [[ $1 == yes && $((i % 10)) -eq 0 ]] && version=26
    echo "---"
    bench_object "${bench_kinds[$((i % 5))]}" "$i" "$version" "$ns"
  done
}
generate no >"$repo/app/objects.yaml"
bench_commit "$repo" "bench: $n objects"
echo "syncing $n objects with gitsync..."
(cd "$repo" && /usr/bin/time -f "%e s" -o "$work/sync-time" "$bench_plugins/kubectl-gitsync" app --app bench | tail -1)
echo "  took $(tail -1 "$work/sync-time")"
generate yes >"$repo/app/objects.yaml"
bench_commit "$repo" "bench: drift"

cd "$repo"
/usr/bin/time -f '%M %e' -o "$work/ours" "$bench_plugins/kubectl-gitdiff" app -o summary >"$work/summary" 2>&1 || true
/usr/bin/time -f '%M %e' -o "$work/theirs" kubectl get configmaps,secrets,services,deployments.apps,widgets.bench.example.com \
  -n "$ns" --show-managed-fields -o json >/dev/null
# time writes "Command exited with non-zero status 1" first when gitdiff finds differences.
read -r ours_kb ours_s < <(tail -1 "$work/ours")
read -r theirs_kb theirs_s < <(tail -1 "$work/theirs")
echo
echo "== peak memory, N=$n objects ($(tail -1 "$work/summary"))"
printf '%-40s %6d MB  %6.2f s   (target: < 300 MB)\n' "kubectl gitdiff" "$((ours_kb / 1024))" "$ours_s"
printf '%-40s %6d MB  %6.2f s   gitdiff uses %sx its memory\n' "kubectl get of the same objects" \
  "$((theirs_kb / 1024))" "$theirs_s" "$(printf '%.1f' "$(echo "$ours_kb / $theirs_kb" | bc -l)")"
