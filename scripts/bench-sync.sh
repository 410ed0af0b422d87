#!/usr/bin/env bash
# gitsync's speed, side by side with `kubectl apply --server-side` on the same files in one run,
# reported as ratios: a first sync of N objects over four kinds into an empty namespace, and a
# no-op sync of the same revision.
#
#   scripts/bench-sync.sh [N]        N defaults to 1000; the targets are stated at N=1000
# Needs a built tree and starts its own local cluster.
set -euo pipefail
# Services are headless (clusterIP: None): the local cluster allocates from a /24.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000}
build_dir="${GITOPS_BUILD_DIR:-$root/build}"
gitsync="$build_dir/plugins/kubectl-gitsync"
[[ -x "$gitsync" ]] || { echo "bench-sync: error: build first ($gitsync is missing)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-sync.XXXXXX")
cluster_dir="$work/cluster"
cleanup() { "$root/scripts/local-cluster.sh" down --dir "$cluster_dir"; rm -rf "$work"; }
trap cleanup EXIT
KUBECONFIG=$("$root/scripts/local-cluster.sh" up --dir "$cluster_dir")
export KUBECONFIG

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || {
    echo "bench-sync: error: '$*' failed: $(tail -3 "$work/stderr")" >&2
    exit 2
  }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
ratio() { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }

# repo NAMESPACE: N objects in a fresh repository folder, targeting NAMESPACE.
make_repo() {
  local ns=$1 dir="$work/$1" kind
  mkdir -p "$dir/app"
  git -C "$dir" init -q -b main
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" >"$dir/app/namespace.yaml"
  for ((i = 0; i < n; i++)); do
    case $((i % 4)) in
      0) printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-%d\n  namespace: %s\ndata:\n  key: "%d"\n' "$i" "$ns" "$i" ;;
      1) printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-%d\n  namespace: %s\nstringData:\n  password: "p-%d"\n' "$i" "$ns" "$i" ;;
      2) printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: %s\nspec:\n  clusterIP: None\n  selector:\n    app: app-%d\n  ports:\n  - port: 80\n' "$i" "$ns" "$i" ;;
      3) printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-%d\n  namespace: %s\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n        app: app-%d\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.25\n' "$i" "$ns" "$i" "$i" ;;
    esac >"$dir/app/object-$i.yaml"
  done
  git -C "$dir" add -A
  git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -q -m "bench: $n objects"
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
