#!/usr/bin/env bash
# The main job, end to end, on a built-in local cluster: sync two environments from git, see a
# change and a drift with gitdiff, promote staging to prod, roll prod back, read its history, and
# sync a Helm chart with per-environment values.
# Every step prints its command and output, and the script fails loudly when a step does not do
# what it shows.
#
#   scripts/demo.sh [--keep]     --keep leaves the cluster and the example repository running
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
keep=false
[[ "${1:-}" == "--keep" ]] && keep=true
build_dir="${GITOPS_BUILD_DIR:-$root/build}"

bold=$'\e[1m' reset=$'\e[0m'
[[ -t 1 ]] || { bold=""; reset=""; }
say() { printf '\n%s## %s%s\n' "$bold" "$*" "$reset"; }
fail() {
  echo "demo: error: $*" >&2
  exit 2
}

# show EXPECTED_EXIT CMD...: prints the command, runs it, prints its output, checks its exit code.
# The output is left in $out for the checks that follow.
show() {
  local expected=$1 code=0
  shift
  printf '%s$ %s%s\n' "$bold" "$*" "$reset"
  out=$("$@" 2>&1) || code=$?
  printf '%s\n' "$out"
  [[ $code -eq $expected ]] || fail "'$*' exited $code, expected $expected"
}
expect() { grep -qF -- "$1" <<<"$out" || fail "expected to see: $1"; }
expect_not() { ! grep -qF -- "$1" <<<"$out" || fail "did not expect to see: $1"; }

say "Setting up: dependencies, build, a local cluster"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build_dir" kubectl-gitdiff kubectl-gitsync kubectl-gitpromote kubectl-gitrevert >/dev/null
export PATH="$build_dir/plugins:$PATH"
cluster_dir="${TMPDIR:-/tmp}/kubectl-gitops-demo-cluster"
KUBECONFIG=$("$root/scripts/local-cluster.sh" up --dir "$cluster_dir")
export KUBECONFIG
work=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-demo.XXXXXX")
cleanup() {
  if $keep; then
    echo
    echo "kept: the repository in $work/shop and the cluster ($("$root/scripts/local-cluster.sh" env --dir "$cluster_dir"))"
  else
    "$root/scripts/local-cluster.sh" down --dir "$cluster_dir"
    rm -rf "$work"
  fi
}
trap cleanup EXIT

say "An example GitOps repository: a base, staging and prod overlays, and a Helm chart"
cp -r "$root/examples/shop" "$work/shop"
cd "$work/shop"
export GIT_AUTHOR_NAME="Dana Developer" GIT_AUTHOR_EMAIL="dana@example.com"
export GIT_COMMITTER_NAME="Dana Developer" GIT_COMMITTER_EMAIL="dana@example.com"
git init -q -b main
git add -A
git commit -q -m "shop: web 1.2.0 in prod, 1.3.0 in staging"
show 0 git log --oneline

say "Sync staging and prod"
show 0 kubectl gitsync envs/staging --app shop-staging
expect "synced app shop-staging"
show 0 kubectl gitsync envs/prod --app shop-prod
expect "synced app shop-prod"
show 0 kubectl get deployments -A -l app=web
show 0 kubectl gitsync envs/prod --app shop-prod
expect "nothing to apply"

say "A change committed to staging, what it would do, and its sync"
sed -i 's/newTag: 1.3.0/newTag: 1.3.1/' envs/staging/kustomization.yaml
git commit -q -am "staging: web 1.3.1"
show 1 kubectl gitdiff envs/staging
expect "+        image: registry.example.com/shop/web:1.3.1"
show 1 kubectl gitdiff envs/staging -o summary
expect "update apps/v1 Deployment shop-staging/web"
show 0 kubectl gitsync envs/staging --app shop-staging
expect "1 updated"

say "A manual change in the cluster, and the drift gitdiff reports"
show 0 kubectl scale deployment web -n shop-prod --replicas=5
show 0 kubectl patch secret web-db -n shop-prod --type=merge -p '{"stringData":{"password":"changed-by-hand"}}'
show 1 kubectl gitdiff envs/prod
expect "-  replicas: 5"
expect "+  replicas: 3"
expect "*** (before)"
expect_not "changed-by-hand"
expect_not "demo-only-password"
# kubectl scale made "kubectl" the owner of spec.replicas: healing the drift takes it back.
show 2 kubectl gitsync envs/prod --app shop-prod
expect "conflict"
show 0 kubectl gitsync envs/prod --app shop-prod --force-conflicts
show 0 kubectl gitdiff envs/prod

say "Promote staging to prod: one commit that touches only the image tag"
show 0 kubectl gitpromote --from envs/staging --to envs/prod --dry-run
show 0 kubectl gitpromote --from envs/staging --to envs/prod
show 0 git log -1 --format='%s%n%n%b'
expect "promote envs/staging to envs/prod"
show 0 git show --stat HEAD
show 1 kubectl gitdiff envs/prod -o summary
show 0 kubectl gitsync envs/prod --app shop-prod
show 0 kubectl get deployment web -n shop-prod -o jsonpath='{.spec.template.spec.containers[0].image}'
expect "web:1.3.1"

say "Roll prod back, as a git revert that is synced at once, and read its history"
show 0 kubectl gitrevert --list --app shop-prod
show 0 kubectl gitrevert --app shop-prod --sync
show 0 kubectl get deployment web -n shop-prod -o jsonpath='{.spec.template.spec.containers[0].image}'
expect "web:1.2.0"
show 0 kubectl gitrevert --list --app shop-prod
show 0 git log --oneline

say "Wait for health: a rollout that becomes healthy, and a crash loop rolled back at once"
# The local cluster's simulated nodes run every image; the tag 'crashloop' makes its container
# exit 1 over and over, as a broken build would.
sed -i 's/newTag: 1.3.1/newTag: 1.3.2/' envs/staging/kustomization.yaml
git commit -q -am "staging: web 1.3.2"
show 0 kubectl gitsync envs/staging --app shop-staging --wait --timeout 2m
expect "all healthy"
sed -i 's/newTag: 1.3.2/newTag: crashloop/' envs/staging/kustomization.yaml
git commit -q -am "staging: web crashloop (a broken build)"
show 2 kubectl gitsync envs/staging --app shop-staging --wait --timeout 2m --rollback-on-failure
expect "CrashLoopBackOff (exit 1)"
expect "rolling back app shop-staging"
show 0 kubectl get deployment web -n shop-staging -o jsonpath='{.spec.template.spec.containers[0].image}'
expect "web:1.3.2"
show 0 kubectl gitsync --status --app shop-staging
expect "last sync: rolled back"
expect "health:    healthy"

say "Hooks: a smoke test that runs after every healthy sync of staging"
# A post-sync hook is a Job the sync creates anew once everything is healthy, and waits for; it is
# not part of the app, so gitdiff lists it apart from the differences.
cat >envs/staging/smoke-test.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: smoke-test
  annotations:
    gitops.kubectl.dev/hook: post-sync
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: smoke-test
        image: registry.example.com/shop/smoke-test:1.0
EOF
sed -i 's|^- namespace.yaml|- namespace.yaml\n- smoke-test.yaml|' envs/staging/kustomization.yaml
sed -i 's/newTag: crashloop/newTag: 1.3.2/' envs/staging/kustomization.yaml
git add envs/staging && git commit -q -m "staging: back to web 1.3.2, and a smoke test after every sync"
show 0 kubectl gitdiff envs/staging
expect "hook post-sync batch/v1 Job shop-staging/smoke-test"
show 0 kubectl gitsync envs/staging --app shop-staging --wait --timeout 2m
expect "post-sync hook Job shop-staging/smoke-test succeeded"
show 0 kubectl get jobs -n shop-staging

say "A Helm chart: rendered by helm template at the revision, with prod's values"
# install-deps found a helm 3.14 or newer, or built one from Go modules and cached it.
HELM=$("$root/scripts/helm.sh")
export HELM
show 1 kubectl gitdiff charts/status --app status-prod -n shop-prod --values charts/status/values-prod.yaml -o summary
expect "create v1 ConfigMap shop-prod/status-prod-page"
expect "create v1 Service shop-prod/status-prod"
show 0 kubectl gitsync charts/status --app status-prod -n shop-prod --values charts/status/values-prod.yaml
expect "synced app status-prod"
show 0 kubectl get configmap status-prod-page -n shop-prod -o jsonpath='{.data.message}'
expect "shop is open"
sed -i 's/shop is open/shop is open late/' charts/status/values-prod.yaml
git commit -q -am "status: open late"
show 1 kubectl gitdiff --rev HEAD~1..HEAD charts/status -n shop-prod --values charts/status/values-prod.yaml
expect '+  message: shop is open late'
show 0 kubectl gitsync charts/status --app status-prod -n shop-prod --values charts/status/values-prod.yaml
show 0 kubectl gitdiff charts/status --app status-prod -n shop-prod --values charts/status/values-prod.yaml

say "Done"
