#!/usr/bin/env bash
# gitdiff's speed, side by side with its baselines in one run, reported as ratios:
#   1. N objects over five kinds (ConfigMap, Secret, Service, Deployment, a custom resource), applied
#      to a local cluster, 10% drifted: gitdiff against `kubectl diff --server-side` (the tool it
#      replaces) and against the floor (`kubectl get` of those kinds: reading the live state at all).
#   2. `gitdiff --rev A..B` over a repository of 10*N files with 1% changed, against `git diff --stat`.
#   3. gitdiff's peak memory on that run.
#
#   scripts/bench-diff.sh [N]        N defaults to 1000; the targets are stated at N=1000
# Needs a built tree (scripts/test.sh or cmake) and starts its own local cluster.
set -euo pipefail
# Services are headless (clusterIP: None): the local cluster allocates from a /24.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000}
build_dir="${GITOPS_BUILD_DIR:-$root/build}"
gitdiff="$build_dir/plugins/kubectl-gitdiff"
[[ -x "$gitdiff" ]] || { echo "bench-diff: error: build first ($gitdiff is missing)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench-diff: error: install the 'time' package" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-diff.XXXXXX")
cluster_dir="$work/cluster"
cleanup() { "$root/scripts/local-cluster.sh" down --dir "$cluster_dir"; rm -rf "$work"; }
trap cleanup EXIT
KUBECONFIG=$("$root/scripts/local-cluster.sh" up --dir "$cluster_dir")
export KUBECONFIG

# seconds CMD...: the best wall time of three runs (the least disturbed by the machine's other
# work), output discarded, exit codes 0 and 1 accepted. Every contender is timed the same way.
seconds() {
  local best="" start end code elapsed
  for _ in 1 2 3; do
    code=0
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || code=$?
    end=$(date +%s.%N)
    ((code <= 1)) || { echo "bench-diff: error: '$*' failed ($code)" >&2; exit 2; }
    elapsed=$(echo "$end - $start" | bc -l)
    if [[ -z "$best" ]] || (($(echo "$elapsed < $best" | bc -l))); then best=$elapsed; fi
  done
  echo "$best"
}
ratio() { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }

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
CRD
echo "apiVersion: v1
kind: Namespace
metadata:
  name: $ns" >"$repo/app/namespace.yaml"

# object KIND I VERSION: one manifest of the given kind.
object() {
  local kind=$1 i=$2 v=$3
  case $kind in
    ConfigMap) printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-%d\n  namespace: %s\ndata:\n  version: "%s"\n  payload: "%s"\n' "$i" "$ns" "$v" "lorem-ipsum-$i" ;;
    Secret) printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-%d\n  namespace: %s\nstringData:\n  password: "p-%s-%d"\n' "$i" "$ns" "$v" "$i" ;;
    Service) printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: %s\n  labels:\n    version: "%s"\nspec:\n  clusterIP: None\n  selector:\n    app: app-%d\n  ports:\n  - port: 80\n    targetPort: 8080\n' "$i" "$ns" "$v" "$i" ;;
    Deployment) printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-%d\n  namespace: %s\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n        app: app-%d\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.%s\n        resources:\n          limits:\n            cpu: 0.5\n            memory: 256Mi\n' "$i" "$ns" "$i" "$i" "$v" ;;
    Widget) printf 'apiVersion: bench.example.com/v1\nkind: Widget\nmetadata:\n  name: widget-%d\n  namespace: %s\nspec:\n  size: %s\n' "$i" "$ns" "$v" ;;
  esac
}
kinds=(ConfigMap Secret Service Deployment Widget)
for ((i = 0; i < n; i++)); do
  kind=${kinds[$((i % 5))]}
  object "$kind" "$i" 25 >"$repo/app/$kind-$i.yaml"
done
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "bench: $n objects"

echo "applying $n objects to the local cluster..."
kubectl apply --server-side --field-manager=gitsync -f "$repo/app/crd.yaml" -f "$repo/app/namespace.yaml" >/dev/null
kubectl wait --for=condition=Established crd/widgets.bench.example.com --timeout=60s >/dev/null
kubectl apply --server-side --field-manager=gitsync -f "$repo/app" >/dev/null

# 10% drift, in git: every tenth object gets a new version.
for ((i = 0; i < n; i += 10)); do
  kind=${kinds[$((i % 5))]}
  object "$kind" "$i" 26 >"$repo/app/$kind-$i.yaml"
done
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -am "bench: drift 10%"

cd "$repo"
"$gitdiff" app -o summary >/dev/null 2>&1 || true  # warm kubectl's discovery cache for everyone
ours=$(seconds "$gitdiff" app -o summary)
floor=$(seconds kubectl get configmaps,secrets,services,deployments.apps,widgets.bench.example.com -n "$ns" -o json)
theirs=$(seconds kubectl diff --server-side --field-manager=gitsync -f "$repo/app")
changed=$("$gitdiff" app -o json | grep -c '"action": "update"' || true)

echo
echo "== gitdiff against the live cluster, N=$n objects, 10% drifted ($changed updates found)"
printf '%-44s %8.2f s\n' "kubectl gitdiff" "$ours"
printf '%-44s %8.2f s   gitdiff is %sx faster (target: >= 20x)\n' "kubectl diff --server-side -f" "$theirs" "$(ratio "$theirs" "$ours")"
printf '%-44s %8.2f s   gitdiff takes %sx the floor (target: <= 2x)\n' "kubectl get (the floor)" "$floor" "$(ratio "$ours" "$floor")"

# A..B over 10*N files with 1% changed.
big="$work/big"
files=$((10 * n))
mkdir -p "$big/app"
git -C "$big" init -q -b main
for ((i = 0; i < files; i++)); do
  object ConfigMap "$i" 1 >"$big/app/config-$i.yaml"
done
git -C "$big" add -A
git -C "$big" -c user.name=bench -c user.email=bench@example.com commit -q -m "A"
for ((i = 0; i < files; i += 100)); do
  object ConfigMap "$i" 2 >"$big/app/config-$i.yaml"
done
git -C "$big" -c user.name=bench -c user.email=bench@example.com commit -q -am "B"
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
