#!/usr/bin/env bash
# Tests the release as a user gets it: builds it (scripts/package.sh), validates the four Krew
# manifests with krew's own validate-krew-manifest, installs them with krew v0.4.3 into a
# throwaway KREW_ROOT from the archive, runs the plugins and their completion through kubectl's
# plugin discovery, then runs the binaries in a bare Debian 12 (debootstrap minbase) chroot where
# none of the build's libraries exist.
# Usage: scripts/test-package.sh [VERSION]
# Needs: go (krew is built from Go modules once), root for debootstrap and chroot, and network
# access to the Go module proxy and Debian's mirror the first time; both are cached in
# GITOPS_CACHE (default ~/.cache/kubectl-gitops).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cache=${GITOPS_CACHE:-$HOME/.cache/kubectl-gitops}
krew_version=v0.4.3
krew_tools="$cache/krew-$krew_version"
rootfs_tarball="$cache/debian-bookworm-minbase.tar.gz"
plugins=(gitdiff gitsync gitpromote gitrevert)

started=$(date +%s)
step() { echo "==> $* ($(($(date +%s) - started))s)"; }
fail() {
  echo "test-package: FAILED: $*" >&2
  exit 1
}

go=$(command -v go) || fail "go is not on PATH (krew is built from Go modules)"
work=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

step "building krew $krew_version and validate-krew-manifest (cached in $krew_tools)"
if [[ ! -x $krew_tools/kubectl-krew || ! -x $krew_tools/validate-krew-manifest ]]; then
  mkdir -p "$krew_tools"
  GOBIN="$krew_tools" GOFLAGS=-p=2 "$go" install "sigs.k8s.io/krew/cmd/krew@$krew_version" \
    "sigs.k8s.io/krew/cmd/validate-krew-manifest@$krew_version"
  mv "$krew_tools/krew" "$krew_tools/kubectl-krew"
fi

step "packaging"
archive=$(scripts/package.sh "$@" | tail -n 1)
version=$(sed -nE 's/^kubectl-gitops_(.*)_linux_amd64\.tar\.gz$/\1/p' <<<"$(basename "$archive")")

step "checking that the binaries need only glibc"
mkdir "$work/archive"
tar -xzf "$archive" -C "$work/archive"
for file in LICENSE README.md; do
  [[ -f $work/archive/$file ]] || fail "the archive has no $file"
done
for binary in "$work"/archive/kubectl*; do
  while read -r library; do
    case $library in
      linux-vdso.so.* | libc.so.* | libm.so.* | ld-linux-x86-64.so.* | /lib64/ld-linux-x86-64.so.*) ;;
      *) fail "$(basename "$binary") links $library (ldd), which is not part of glibc" ;;
    esac
  done < <(ldd "$binary" | awk '{print $1}')
done
echo "ldd kubectl-gitdiff:"
ldd "$work/archive/kubectl-gitdiff"

# kubectl, krew and the system's tools only: a PATH with the build's plugins on it would shadow
# the installed ones (and `kubectl plugin list` would warn).
export KREW_ROOT="$work/krew" KREW_NO_UPGRADE_CHECK=1
export PATH="$KREW_ROOT/bin:$krew_tools:$(dirname "$(command -v kubectl)"):/usr/sbin:/usr/bin:/sbin:/bin"

# validate-krew-manifest installs each manifest as Krew would, downloading its uri, which exists
# only once released: the full validation runs on copies whose uri points at a local server of
# dist/; the manifests themselves are validated with -skip-install.
serve_dist() {
  if [[ ! -x $krew_tools/serve-files ]]; then
    mkdir -p "$work/serve"
    cat >"$work/serve/main.go" <<'GO'
// Serves a folder on a free loopback port and prints the address.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(listener.Addr().String())
	panic(http.Serve(listener, http.FileServer(http.Dir(os.Args[1]))))
}
GO
    (cd "$work/serve" && "$go" build -o "$krew_tools/serve-files" main.go)
  fi
  "$krew_tools/serve-files" "$(dirname "$archive")" >"$work/serve.address" 2>/dev/null &
  server=$!
  for _ in $(seq 50); do
    [[ -s $work/serve.address ]] && break
    sleep 0.1
  done
  address=$(cat "$work/serve.address")
}

step "validating the manifests (validate-krew-manifest $krew_version)"
server=""
trap '[[ -z $server ]] || kill "$server"; rm -rf "$work"' EXIT
serve_dist
mkdir "$work/manifests"
for plugin in "${plugins[@]}"; do
  output=$(validate-krew-manifest -manifest "krew/$plugin.yaml" -skip-install 2>&1) ||
    fail "krew/$plugin.yaml: $output"
  sed -E "s#^( *uri: ).*#\\1http://$address/$(basename "$archive")#" "krew/$plugin.yaml" \
    >"$work/manifests/$plugin.yaml"
  output=$(validate-krew-manifest -manifest "$work/manifests/$plugin.yaml" 2>&1) ||
    fail "krew/$plugin.yaml, installed from a local copy of its uri: $output"
done

step "installing the four plugins with krew from the archive"
for plugin in "${plugins[@]}"; do
  kubectl krew install --manifest="krew/$plugin.yaml" --archive="$archive" >"$work/install.log" 2>&1 ||
    fail "kubectl krew install $plugin: $(cat "$work/install.log")"
done

step "running them through kubectl's plugin discovery"
for plugin in "${plugins[@]}"; do
  printed=$(kubectl "$plugin" --version)
  [[ $printed == "kubectl-$plugin version v$version" ]] ||
    fail "kubectl $plugin --version printed '$printed'"
  # Read the whole help first: grep -q stops at the first match, and the plugin still writing
  # would then die of SIGPIPE, which pipefail reports as a failure.
  help=$(kubectl "$plugin" --help) || fail "kubectl $plugin --help failed"
  grep -q "^Usage:" <<<"$help" || fail "kubectl $plugin --help has no Usage"
done
listed=$(kubectl plugin list 2>"$work/plugin-list.err") ||
  fail "kubectl plugin list exited non-zero: $(cat "$work/plugin-list.err")"
[[ ! -s $work/plugin-list.err ]] || fail "kubectl plugin list warned: $(cat "$work/plugin-list.err")"
for plugin in "${plugins[@]}"; do
  grep -qx "$KREW_ROOT/bin/kubectl-$plugin" <<<"$listed" || fail "kubectl plugin list: $listed"
done

step "installing completion as the README says, and completing through kubectl"
tar -xzf "$archive" -C "$KREW_ROOT/bin" --wildcards 'kubectl_complete-*'
formats=$(kubectl __complete gitdiff -o '' 2>/dev/null)
[[ $formats == $'diff\njson\nmarkdown\nsummary\n:4' ]] || fail "kubectl __complete gitdiff -o '': $formats"

# A tiny repository, made outside the chroot (git is not in minbase): two commits, tagged A and B;
# B also adds a Jsonnet folder, which the static build renders with its own libjsonnet.
make_repository() {
  local repo=$1
  git init -q -b main "$repo"
  mkdir "$repo/app"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: "blue"\n' \
    >"$repo/app/settings.yaml"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=test -c user.email=test@example.com commit -q -m first
  git -C "$repo" tag A
  sed -i 's/blue/green/' "$repo/app/settings.yaml"
  mkdir "$repo/generated"
  printf '%s\n' "{ apiVersion: 'v1', kind: 'ConfigMap'," \
    "  metadata: { name: 'from-' + std.asciiLower('JSONNET'), namespace: 'shop' } }" \
    >"$repo/generated/main.jsonnet"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=test -c user.email=test@example.com commit -q -am second
  git -C "$repo" tag B
}

# The rootfs is built once from Debian's mirror and cached as a tarball.
debian_rootfs() {
  local target=$1
  if [[ ! -f $rootfs_tarball ]]; then
    command -v debootstrap >/dev/null || scripts/install-deps.sh >/dev/null
    local fresh="$work/debootstrap"
    debootstrap --variant=minbase bookworm "$fresh" http://deb.debian.org/debian \
      >"$work/debootstrap.log" 2>&1 || return 1
    mkdir -p "$cache"
    tar -czf "$rootfs_tarball.partial" -C "$fresh" . && mv "$rootfs_tarball.partial" "$rootfs_tarball"
    rm -rf "$fresh"
  fi
  mkdir -p "$target"
  tar -xzf "$rootfs_tarball" -C "$target"
}

step "running the binaries in a bare Debian 12 (debootstrap minbase; cached in $rootfs_tarball)"
place=$work/rootfs
# Without its clean root this test would prove nothing (the host has every library), so it fails.
debian_rootfs "$place" ||
  fail "cannot make the bare Debian root (debootstrap --variant=minbase bookworm): $(tail -n 5 \
    "$work/debootstrap.log" 2>/dev/null)"
run=(chroot "$place" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin)
bin=/opt/gitops repo=/repo
mkdir -p "$place/opt/gitops"
cp "$work"/archive/kubectl* "$place/opt/gitops/"
make_repository "$place/repo"
in_repo() { "${run[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$repo" "$@"; }
for plugin in "${plugins[@]}"; do
  printed=$("${run[@]}" "$bin/kubectl-$plugin" --version 2>&1) ||
    fail "kubectl-$plugin --version without the build's libraries: $printed"
  [[ $printed == "kubectl-$plugin version v$version" ]] || fail "$printed"
done
set +e
# A..B needs no cluster, but gitdiff looks kubectl up before it knows that: /bin/true stands in
# (the chroot has no kubectl), and would give no objects were it ever asked.
diff_output=$(in_repo "$bin/kubectl-gitdiff" --kubectl /bin/true --rev A..B 2>&1)
diff_code=$?
set -e
[[ $diff_code -eq 1 ]] || fail "kubectl-gitdiff --rev A..B exited $diff_code: $diff_output"
grep -q "green" <<<"$diff_output" || fail "kubectl-gitdiff --rev A..B: $diff_output"
grep -q "from-jsonnet" <<<"$diff_output" ||
  fail "kubectl-gitdiff --rev A..B did not render generated/main.jsonnet: $diff_output"
echo "$diff_output"
refs=$(in_repo "$bin/kubectl_complete-gitdiff" --rev "")
[[ $refs == $'HEAD\nA\nB\nmain\n:4' ]] || fail "kubectl_complete-gitdiff --rev '': $refs"

step "all passed: $(basename "$archive") ($(du -h "$archive" | cut -f1))"
