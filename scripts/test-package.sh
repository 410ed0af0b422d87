#!/usr/bin/env bash
# Tests the release as a user gets it: builds it (scripts/package.sh), validates the four Krew
# manifests with krew's own validate-krew-manifest, installs them with krew v0.4.3 into a
# throwaway KREW_ROOT from the archive, runs the plugins and their completion through kubectl's
# plugin discovery, then runs the binaries in a bare Debian 12 (debootstrap minbase) chroot where
# none of the build's libraries exist. The agent's image archive is checked blob by blob, read by
# skopeo both as an OCI archive and as docker load's format, and its root run in a chroot.
# Usage: scripts/test-package.sh [VERSION]
# Needs: go (krew is built from Go modules once), root for debootstrap and chroot, skopeo (Debian's,
# scripts/install-deps.sh installs it), and network
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

# The agent's image: the layout checked blob by blob, its root extracted as the runtime would
# and run in a chroot as the image's user, where nothing of the build machine exists.
check_image() {
  local image=$1 layout="$work/image" image_root="$work/image-root" layer listing
  [[ -f $image ]] || fail "package.sh wrote no $(basename "$image")"
  mkdir "$layout" "$image_root"
  tar -xf "$image" -C "$layout"
  layer=$(python3 - "$layout" "$version" 2>&1 <<'PY'
import gzip, hashlib, json, os, sys

layout, version = sys.argv[1:]
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"

def fail(message):
    sys.exit(f"the image: {message}")

def load(name):
    with open(os.path.join(layout, name), "rb") as file:
        return file.read()

blobs = os.path.join(layout, "blobs", "sha256")
for name in sorted(os.listdir(blobs)):
    if hashlib.sha256(load(f"blobs/sha256/{name}")).hexdigest() != name:
        fail(f"blobs/sha256/{name} does not hash to its name")

def blob(descriptor, media_type):
    if descriptor.get("mediaType") != media_type:
        fail(f"{descriptor} is not a {media_type}")
    algorithm, digest = descriptor["digest"].split(":")
    data = load(f"blobs/{algorithm}/{digest}")
    if algorithm != "sha256" or len(data) != descriptor["size"]:
        fail(f"{descriptor} does not match its blob ({len(data)} bytes)")
    return data

if json.loads(load("oci-layout")) != {"imageLayoutVersion": "1.0.0"}:
    fail("oci-layout is not version 1.0.0")
index = json.loads(load("index.json"))
if index.get("schemaVersion") != 2 or len(index.get("manifests", [])) != 1:
    fail(f"index.json must hold one manifest: {index}")
descriptor = index["manifests"][0]
tag = descriptor.get("annotations", {}).get("org.opencontainers.image.ref.name")
if tag != f"v{version}":
    fail(f"index.json names the image {tag}, not v{version}")
manifest = json.loads(blob(descriptor, MANIFEST))
if manifest.get("schemaVersion") != 2 or manifest.get("mediaType") != MANIFEST:
    fail(f"the manifest is no OCI image manifest: {manifest}")
config = json.loads(blob(manifest["config"], CONFIG))
if len(manifest["layers"]) != 1:
    fail(f"{len(manifest['layers'])} layers, not one")
layer = blob(manifest["layers"][0], LAYER)
diff_id = "sha256:" + hashlib.sha256(gzip.decompress(layer)).hexdigest()
if config["rootfs"] != {"type": "layers", "diff_ids": [diff_id]}:
    fail(f"the config's rootfs {config['rootfs']} is not the layer's {diff_id}")
expected = {"architecture": "amd64", "os": "linux"}
if {key: config.get(key) for key in expected} != expected:
    fail(f"the config is not for linux/amd64: {config}")
runtime = config["config"]
if (runtime.get("User"), runtime.get("Entrypoint"), runtime.get("WorkingDir")) != (
        "65532:65532", ["kubectl"], "/tmp") or "PATH=/usr/local/bin:/usr/bin:/bin" not in runtime["Env"]:
    fail(f"the config's runtime settings: {runtime}")
# docker load reads manifest.json, which must point at the same blobs.
docker = json.loads(load("manifest.json"))
layer_path = "blobs/" + manifest["layers"][0]["digest"].replace(":", "/")
config_path = "blobs/" + manifest["config"]["digest"].replace(":", "/")
if docker != [{"Config": config_path, "RepoTags": [f"ghcr.io/kubectl-gitops/agent:v{version}"],
               "Layers": [layer_path]}]:
    fail(f"manifest.json (docker load) does not match the OCI manifest: {docker}")
print(layer_path)
PY
  ) || fail "$layer"
  listing=$(tar -tvzf "$layout/$layer" --numeric-owner)
  for program in usr/local/bin/kubectl "${plugins[@]/#/usr/local/bin/kubectl-}" usr/bin/ssh-keygen \
    usr/bin/gpgv; do
    grep -qE "^-rwxr-xr-x 0/0 .* $program\$" <<<"$listing" || fail "the layer has no executable $program"
  done
  grep -qE '^drwxrwxrwt 0/0 .* tmp/$' <<<"$listing" || fail "the layer's /tmp is not 1777: $listing"
  grep -qE '^drwx------ 65532/65532 .* home/nonroot/$' <<<"$listing" ||
    fail "the layer's /home/nonroot is not the nonroot user's"
  [[ $(grep -cvE ' (0/0|65532/65532) ' <<<"$listing") -eq 0 ]] || fail "owners other than 0 and 65532: $listing"
  tar -xzf "$layout/$layer" -C "$image_root" --numeric-owner --same-permissions
  echo "the image's layer:"
  tar -tvzf "$layout/$layer" --numeric-owner | awk '{print $1, $2, $3, $6}'

  # As the runtime runs it: its user, its PATH, its working folder, kubectl first.
  # The root has no env, no shell: chroot finds the command on the PATH env gives it. A runtime
  # mounts /dev; ssh-keygen needs /dev/null.
  mkdir "$image_root/dev" && mknod -m 0666 "$image_root/dev/null" c 1 3
  local as_image=(env -i HOME=/home/nonroot PATH=/usr/local/bin:/usr/bin:/bin "$(command -v chroot)"
    --userspec=65532:65532 "$image_root")
  local printed
  printed=$("${as_image[@]}" kubectl version --client 2>&1) || fail "kubectl version --client: $printed"
  grep -q "^Client Version: $(sed -nE 's/^[[:space:]]*k8s\.io\/kubernetes (v[0-9.]+).*/\1/p' \
    tests/cluster/go.mod)\$" <<<"$printed" || fail "kubectl version --client: $printed"
  for plugin in "${plugins[@]}"; do
    printed=$("${as_image[@]}" kubectl "$plugin" --version 2>&1) || fail "kubectl $plugin --version: $printed"
    [[ $printed == "kubectl-$plugin version v$version" ]] || fail "kubectl $plugin --version: $printed"
  done
  printed=$("${as_image[@]}" kubectl gitsync --help 2>&1) || fail "kubectl gitsync --help: $printed"
  grep -q -- "--watch" <<<"$printed" || fail "kubectl gitsync --help has no --watch: $printed"
  printed=$("${as_image[@]}" gpgv --version 2>&1) || fail "gpgv --version in the image: $printed"
  # An SSH signature made outside, verified by the image's ssh-keygen as the agent would.
  ssh-keygen -q -t ed25519 -N "" -C signer -f "$work/signer" >/dev/null
  echo "payload" >"$image_root/tmp/payload"
  ssh-keygen -q -Y sign -n git -f "$work/signer" "$image_root/tmp/payload" 2>/dev/null
  echo "signer@example.com $(cat "$work/signer.pub")" >"$image_root/tmp/allowed_signers"
  chmod a+r "$image_root"/tmp/{payload,payload.sig,allowed_signers}
  printed=$("${as_image[@]}" ssh-keygen -Y verify -f /tmp/allowed_signers -I signer@example.com -n git \
    -s /tmp/payload.sig <"$image_root/tmp/payload" 2>&1) || fail "ssh-keygen -Y verify in the image: $printed"

  # skopeo (Debian's) reads the archive both as an OCI archive and as docker load's format.
  command -v skopeo >/dev/null || scripts/install-deps.sh >/dev/null
  local inspected digest
  digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' \
    "$layout/index.json")
  for transport in oci-archive docker-archive; do
    inspected=$(skopeo inspect "$transport:$image" 2>&1) || fail "skopeo inspect $transport: $inspected"
    grep -q '"Architecture": "amd64"' <<<"$inspected" || fail "skopeo inspect $transport: $inspected"
  done
  inspected=$(skopeo inspect "oci-archive:$image")
  grep -q "\"Digest\": \"$digest\"" <<<"$inspected" || fail "skopeo inspect oci-archive: $inspected"
  echo "the image: $(basename "$image") ($(du -h "$image" | cut -f1)), manifest $digest"
}

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

step "checking the agent's image (OCI layout, docker load's manifest, its root in a chroot)"
check_image "$(dirname "$archive")/kubectl-gitops-agent_${version}_linux_amd64.oci.tar"

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
