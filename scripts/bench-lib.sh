# Shared by the benchmarks (sourced, not run): a local cluster of their own, the objects they
# generate, and how they time and compare. Services are headless (clusterIP: None), so a benchmark
# costs no service IPs (the local cluster has 65,534 of them).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_build_dir="${GITOPS_BUILD_DIR:-$bench_root/build}"
bench_plugins="$bench_build_dir/plugins"

# bench_start NAME: a work folder and a lean local cluster (the API server alone: no controllers
# turning the generated Deployments into Pods and taking CPU from what is measured, and figures
# comparable with earlier runs), all removed on exit, with the processes a benchmark adds to
# bench_pids (stopped first); exports KUBECONFIG.
bench_pids=()
bench_stop() {
  local pid dir
  for pid in ${bench_pids[@]+"${bench_pids[@]}"}; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  for dir in "$work"/cluster*; do
    if [[ -d "$dir" ]]; then "$bench_root/scripts/local-cluster.sh" down --dir "$dir"; fi
  done
  rm -rf "$work"
}
bench_start() {
  [[ -x "$bench_plugins/kubectl-gitdiff" ]] || {
    echo "$1: error: build first ($bench_plugins/kubectl-gitdiff is missing)" >&2
    exit 2
  }
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap bench_stop EXIT
  KUBECONFIG=$("$bench_root/scripts/local-cluster.sh" up --lean --dir "$work/cluster")
  export KUBECONFIG
}

# bench_remote_cluster: a second lean cluster behind a 20 ms delay on every request, as a remote
# cluster has (local-cluster.sh --latency); prints its kubeconfig.
bench_latency=20ms
bench_remote_cluster() {
  "$bench_root/scripts/local-cluster.sh" up --lean --latency "$bench_latency" --dir "$work/cluster-remote"
}

# seconds CMD...: the best wall time of $runs runs (default 1; the least disturbed by the
# machine's other work), output discarded; an exit code above $max_ok_exit (default 0; gitdiff and
# kubectl diff say "differences found" with 1) fails the benchmark.
seconds() {
  local best="" start end code elapsed
  for ((run = 0; run < ${runs:-1}; run++)); do
    code=0
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/stderr" || code=$?
    end=$(date +%s.%N)
    ((code <= ${max_ok_exit:-0})) || {
      echo "error: '$*' failed ($code): $(tail -3 "$work/stderr")" >&2
      exit 2
    }
    elapsed=$(echo "$end - $start" | bc -l)
    if [[ -z "$best" ]] || (($(echo "$elapsed < $best" | bc -l))); then best=$elapsed; fi
  done
  echo "$best"
}

ratio() { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }

# bench_commit DIR MESSAGE: commits everything in DIR as the benchmark's author.
bench_commit() {
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.com commit -q -m "$2"
}

# bench_crd_and_namespace NS: the Widget CRD and the namespace the objects live in.
bench_crd_and_namespace() {
  cat <<CRD
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
  name: $1
CRD
}

bench_kinds=(ConfigMap Secret Service Deployment Widget)

# bench_object KIND I VERSION NS: one manifest; VERSION changes a field of every kind.
bench_object() {
  local kind=$1 i=$2 v=$3 ns=$4
  case $kind in
    ConfigMap) printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-%d\n  namespace: %s\ndata:\n  version: "%s"\n  payload: "%s"\n' "$i" "$ns" "$v" "lorem-ipsum-$i" ;;
    Secret) printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-%d\n  namespace: %s\nstringData:\n  password: "p-%s-%d"\n' "$i" "$ns" "$v" "$i" ;;
    Service) printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: %s\n  labels:\n    version: "%s"\nspec:\n  clusterIP: None\n  selector:\n    app: app-%d\n  ports:\n  - port: 80\n    targetPort: 8080\n' "$i" "$ns" "$v" "$i" ;;
    Deployment) printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-%d\n  namespace: %s\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n        app: app-%d\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.%s\n        resources:\n          limits:\n            cpu: 0.5\n            memory: 256Mi\n' "$i" "$ns" "$i" "$i" "$v" ;;
    Widget) printf 'apiVersion: bench.example.com/v1\nkind: Widget\nmetadata:\n  name: widget-%d\n  namespace: %s\nspec:\n  size: %s\n' "$i" "$ns" "$v" ;;
  esac
}
