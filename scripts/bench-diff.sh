#!/usr/bin/env bash
# gitdiff's speed, side by side with its baselines in one run, reported as ratios:
#   1. N objects over five kinds (ConfigMap, Secret, Service, Deployment, a custom resource), applied
#      to a local cluster, 10% drifted: gitdiff against `kubectl diff --server-side` (the tool it
#      replaces) and against the floor (`kubectl get` of those kinds: reading the live state at all).
#   2. `gitdiff --rev A..B` over a repository of 10*N files with 1% changed, against `git diff --stat`.
#   3. gitdiff's peak memory on that run.
#
#   scripts/bench-diff.sh [N]        N defaults to 1000; the targets are stated at N=1000
# Needs a built tree (scripts/test.sh or cmake) and starts its own local clusters: part 1 runs on
# one on loopback and on one behind a 20 ms delay on every request (as a remote cluster).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
n=${1:-1000}
gitdiff="$bench_plugins/kubectl-gitdiff"
command -v /usr/bin/time >/dev/null || { echo "bench-diff: error: install the 'time' package" >&2; exit 2; }
bench_start bench-diff
runs=3 max_ok_exit=1

ns=bench
repo="$work/repo"
mkdir -p "$repo/app"
git -C "$repo" init -q -b main
bench_crd_and_namespace "$ns" >"$repo/app/crd.yaml"
for ((i = 0; i < n; i++)); do
  kind=${bench_kinds[$((i % 5))]}
  bench_object "$kind" "$i" 25 "$ns" >"$repo/app/$kind-$i.yaml"
done
bench_commit "$repo" "bench: $n objects"

# measure_live LABEL: part 1 on the cluster $KUBECONFIG names.
measure_live() {
  echo "applying $n objects to the local cluster ($1)..."
  git -C "$repo" checkout -q HEAD~1 -- app
  kubectl apply --server-side --field-manager=gitsync -f "$repo/app/crd.yaml" >/dev/null
  kubectl wait --for=condition=Established crd/widgets.bench.example.com --timeout=60s >/dev/null
  kubectl apply --server-side --field-manager=gitsync -f "$repo/app" >/dev/null
  git -C "$repo" checkout -q HEAD -- app

  cd "$repo"
  "$gitdiff" app -o summary >/dev/null 2>&1 || true  # warm kubectl's discovery cache for everyone
  ours=$(seconds "$gitdiff" app -o summary)
  floor=$(seconds kubectl get configmaps,secrets,services,deployments.apps,widgets.bench.example.com -n "$ns" -o json)
  theirs=$(seconds kubectl diff --server-side --field-manager=gitsync -f "$repo/app")
  changed=$("$gitdiff" app -o json | grep -c '"action": "update"' || true)

  echo
  echo "== gitdiff against the live cluster, N=$n objects, 10% drifted ($changed updates found), $1"
  printf '%-44s %8.2f s\n' "kubectl gitdiff" "$ours"
  printf '%-44s %8.2f s   gitdiff is %sx faster (target: >= 20x)\n' "kubectl diff --server-side -f" "$theirs" "$(ratio "$theirs" "$ours")"
  printf '%-44s %8.2f s   gitdiff takes %sx the floor (target: <= 2x)\n' "kubectl get (the floor)" "$floor" "$(ratio "$ours" "$floor")"
}

# 10% drift, in git: every tenth object gets a new version.
for ((i = 0; i < n; i += 10)); do
  kind=${bench_kinds[$((i % 5))]}
  bench_object "$kind" "$i" 26 "$ns" >"$repo/app/$kind-$i.yaml"
done
bench_commit "$repo" "bench: drift 10%"

measure_live "loopback"
loopback_kubeconfig=$KUBECONFIG
KUBECONFIG=$(bench_remote_cluster)
export KUBECONFIG
measure_live "every request delayed $bench_latency (a remote cluster)"
KUBECONFIG=$loopback_kubeconfig

# A..B over 10*N files with 1% changed.
big="$work/big"
files=$((10 * n))
mkdir -p "$big/app"
git -C "$big" init -q -b main
for ((i = 0; i < files; i++)); do
  bench_object ConfigMap "$i" 1 "$ns" >"$big/app/config-$i.yaml"
done
bench_commit "$big" "A"
for ((i = 0; i < files; i += 100)); do
  bench_object ConfigMap "$i" 2 "$ns" >"$big/app/config-$i.yaml"
done
bench_commit "$big" "B"
cd "$big"
range_ours=$(seconds env -u KUBECONFIG "$gitdiff" --rev HEAD~1..HEAD -o summary)
range_git=$(seconds git diff --stat HEAD~1 HEAD)
echo
echo "== gitdiff --rev A..B, $files files, 1% changed (no cluster)"
printf '%-44s %8.3f s\n' "kubectl gitdiff --rev HEAD~1..HEAD" "$range_ours"
printf '%-44s %8.3f s   gitdiff takes %sx git (target: <= 3x)\n' "git diff --stat HEAD~1 HEAD" "$range_git" "$(ratio "$range_ours" "$range_git")"

cd "$repo"
# gitdiff exits 1 (differences found): time passes that on.
/usr/bin/time -f '%M' -o "$work/peak" "$gitdiff" app -o summary >/dev/null 2>&1 || true
peak=$(tail -1 "$work/peak")
echo
echo "== memory"
printf '%-44s %8d MB (target at N=10000: < 300 MB)\n' "gitdiff peak resident set, N=$n" "$((peak / 1024))"
