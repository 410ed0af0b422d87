#!/usr/bin/env bash
# gitsync's speed, side by side with `kubectl apply --server-side` on the same files in one run,
# reported as ratios: a first sync of N objects over four kinds into an empty namespace, a no-op
# sync of the same revision, and a first sync in which the server refuses 15% of the objects
# (against the clean one: a refused object must cost no more than an accepted one).
#
#   scripts/bench-sync.sh [N]        N defaults to 1000; the targets are stated at N=1000
# Needs a built tree and starts its own local clusters: one on loopback, and one behind a 20 ms
# delay on every request (as a remote cluster), measured alike and printed side by side.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
n=${1:-1000}
gitsync="$bench_plugins/kubectl-gitsync"
bench_start bench-sync

# make_repo NAMESPACE [REFUSED]: N objects over four kinds in a fresh repository, targeting
# NAMESPACE; REFUSED in every 20 (default 0) are ConfigMaps the API server rejects (a data key
# with a space in it), which only the server's validation catches.
make_repo() {
  local ns=$1 refused=${2:-0} dir="$work/$1"
  mkdir -p "$dir/app"
  git -C "$dir" init -q -b main
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" >"$dir/app/namespace.yaml"
  for ((i = 0; i < n; i++)); do
    if ((i % 20 < refused)); then
      printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: refused-%d\n  namespace: %s\ndata:\n  "bad key": "x"\n' \
        "$i" "$ns" >"$dir/app/object-$i.yaml"
    else
      bench_object "${bench_kinds[$((i % 4))]}" "$i" 25 "$ns" >"$dir/app/object-$i.yaml"
    fi
  done
  bench_commit "$dir" "bench: $n objects"
  echo "$dir"
}

# measure LABEL: both tools on the cluster $KUBECONFIG names, then their lines of the report.
measure() {
  local ours_repo refused_repo theirs_repo
  ours_repo=$(make_repo bench-gitsync)
  refused_repo=$(make_repo bench-refused 3)
  theirs_repo=$(make_repo bench-apply)
  kubectl get namespaces >/dev/null  # warm discovery

  cd "$ours_repo"
  ours_first=$(seconds "$gitsync" app --app bench)
  ours_noop=$(seconds "$gitsync" app --app bench)
  cd "$refused_repo"
  ours_refused=$(max_ok_exit=2 seconds "$gitsync" app --app bench-refused)
  theirs_first=$(seconds kubectl apply --server-side -f "$theirs_repo/app")
  theirs_noop=$(seconds kubectl apply --server-side -f "$theirs_repo/app")
  cd "$work"
  rm -rf "$ours_repo" "$refused_repo" "$theirs_repo"

  report+=$'\n'"== gitsync against kubectl apply --server-side, N=$n objects, $1"$'\n'
  report+=$(printf '%-36s %8.2f s   kubectl apply --server-side %8.2f s   gitsync is %sx faster (target: >= 20x)' \
    "first sync" "$ours_first" "$theirs_first" "$(ratio "$theirs_first" "$ours_first")")$'\n'
  report+=$(printf '%-36s %8.2f s   kubectl apply --server-side %8.2f s   gitsync is %sx faster (target: >= 20x)' \
    "no-op sync (same revision)" "$ours_noop" "$theirs_noop" "$(ratio "$theirs_noop" "$ours_noop")")$'\n'
  report+=$(printf '%-36s %8.2f s   clean first sync            %8.2f s   it costs %sx a clean sync (target: <= 1.5x)' \
    "first sync, 15% refused by the server" "$ours_refused" "$ours_first" "$(ratio "$ours_refused" "$ours_first")")$'\n'
}

report=""
measure "loopback"
KUBECONFIG=$(bench_remote_cluster)
export KUBECONFIG
measure "every request delayed $bench_latency (a remote cluster)"
printf '%s' "$report"
