#!/usr/bin/env bash
# gitdiff's peak memory at scale, side by side with kubectl's own for reading the same objects:
# N objects over five kinds (ConfigMap, Secret, Service, Deployment, a custom resource) synced to a
# local cluster by gitsync, 10% then changed in git, and the peak resident set of one gitdiff
# against one `kubectl get` of those kinds.
#
#   scripts/bench-memory.sh [N]      N defaults to 10000; the target is < 300 MB at N=10000
set -euo pipefail
# Services are headless (clusterIP: None): the local cluster allocates service IPs from a /24.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-10000}
build_dir="${GITOPS_BUILD_DIR:-$root/build}"
plugins="$build_dir/plugins"
[[ -x "$plugins/kubectl-gitdiff" ]] || { echo "bench-memory: error: build first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-memory.XXXXXX")
cleanup() { "$root/scripts/local-cluster.sh" down --dir "$work/cluster"; rm -rf "$work"; }
trap cleanup EXIT
KUBECONFIG=$("$root/scripts/local-cluster.sh" up --dir "$work/cluster")
export KUBECONFIG

ns=bench
repo="$work/repo"
mkdir -p "$repo/app"
git -C "$repo" init -q -b main
cat >"$repo/app/crd.yaml" <<CRD
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.bench.example.com
spec:
  group: bench.example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
CRD
# One stream per kind and version keeps the repository small; gitdiff reads it the same way.
# generate DRIFT: every object at version 25, or with DRIFT=yes every tenth at 26.
generate() {
  local drift=$1 version
  for ((i = 0; i < n; i++)); do
    version=25
    [[ $drift == yes && $((i % 10)) -eq 0 ]] && version=26
    case $((i % 5)) in
      0) printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-%d\n  namespace: %s\ndata:\n  version: "%s"\n  payload: "lorem-ipsum-%d"\n' "$i" "$ns" "$version" "$i" ;;
      1) printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-%d\n  namespace: %s\nstringData:\n  password: "p-%s-%d"\n' "$i" "$ns" "$version" "$i" ;;
      2) printf -- '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: %s\n  labels:\n    version: "%s"\nspec:\n  clusterIP: None\n  selector:\n    app: app-%d\n  ports:\n  - port: 80\n' "$i" "$ns" "$version" "$i" ;;
      3) printf -- '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-%d\n  namespace: %s\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n        app: app-%d\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.%s\n' "$i" "$ns" "$i" "$i" "$version" ;;
      4) printf -- '---\napiVersion: bench.example.com/v1\nkind: Widget\nmetadata:\n  name: widget-%d\n  namespace: %s\nspec:\n  size: %s\n' "$i" "$ns" "$version" ;;
    esac
  done
}
generate no >"$repo/app/objects.yaml"
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "bench: $n objects"
echo "syncing $n objects with gitsync..."
(cd "$repo" && /usr/bin/time -f "%e s" -o "$work/sync-time" "$plugins/kubectl-gitsync" app --app bench | tail -1)
echo "  took $(tail -1 "$work/sync-time")"
generate yes >"$repo/app/objects.yaml"
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -am "bench: drift"

cd "$repo"
/usr/bin/time -f '%M %e' -o "$work/ours" "$plugins/kubectl-gitdiff" app -o summary >"$work/summary" 2>&1 || true
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
