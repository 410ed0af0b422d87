#!/usr/bin/env bash
# Builds the release archive and its Krew manifests:
#   dist/kubectl-gitops_<version>_linux_amd64.tar.gz   the four plugins, the four kubectl_complete-*
#                                                      programs, LICENSE and a README
#   krew/<plugin>.yaml (and a copy in dist/)            one manifest per plugin, all pointing at it
#   dist/kubectl-gitops-agent_<version>_linux_amd64.oci.tar
#                                                      the agent's image (deploy/agent.yaml): an OCI
#                                                      image archive that also loads with docker load
# Usage: scripts/package.sh [VERSION]   (default: the project version in CMakeLists.txt)
#
# The binaries link every library Debian ships as an archive statically (GITOPS_STATIC=ON, see
# cmake/StaticLink.cmake) and need nothing but glibc; the script checks that before packing.
# Environment: GITOPS_RELEASE_BUILD_DIR (default build-release), GITOPS_JOBS (default 2),
# GITOPS_CACHE (default ~/.cache/kubectl-gitops: simdjson's source, libjsonnet and the image's
# kubectl are kept there). Needs go for the image's kubectl (built once from Go modules).
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

die() {
  echo "package: error: $*" >&2
  exit 2
}

project_version() {
  sed -nE 's/^project\(kubectl-gitops VERSION ([0-9.]+).*/\1/p' CMakeLists.txt
}

version=${1:-$(project_version)}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  die "version '$version' is not semver (e.g. 0.1.0); Krew needs spec.version v<semver>"

build_dir=${GITOPS_RELEASE_BUILD_DIR:-$root/build-release}
jobs=${GITOPS_JOBS:-2}
cache=${GITOPS_CACHE:-$HOME/.cache/kubectl-gitops}
plugins=(gitdiff gitsync gitpromote gitrevert)
name="kubectl-gitops_${version}_linux_amd64"
archive="$root/dist/$name.tar.gz"
image_name=ghcr.io/kubectl-gitops/agent  # deploy/agent.yaml runs $image_name:v<version>
image="$root/dist/kubectl-gitops-agent_${version}_linux_amd64.oci.tar"

# Debian ships simdjson only as a shared library, so the release build compiles the amalgamated
# simdjson.cpp of the very version installed, taken from Debian's source package with a private
# apt state (the machine's apt configuration is left alone), and checked against the header.
simdjson_source() {
  local version dir state
  version=$(dpkg-query -W -f='${Version}' libsimdjson-dev 2>/dev/null) ||
    die "libsimdjson-dev is not installed (run scripts/install-deps.sh)"
  dir="$cache/simdjson-$version"
  if [[ ! -f $dir/simdjson.cpp ]]; then
    echo "package: fetching simdjson $version's source from Debian" >&2
    state=$(mktemp -d)
    mkdir -p "$state/lists/partial" "$dir"
    local codename
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
      "Suites: $codename $codename-updates" "Components: main" \
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$state/debian.sources"
    local apt=(apt-get -qq -o "Dir::Etc::SourceList=$state/debian.sources" -o "Dir::Etc::SourceParts=-"
      -o "Dir::State::Lists=$state/lists" -o "APT::Sandbox::User=root")
    "${apt[@]}" update
    (cd "$state" && "${apt[@]}" source --download-only "simdjson=$version" >/dev/null)
    tar -xzf "$state"/simdjson_*.orig.tar.gz -C "$state" --wildcards '*/singleheader/simdjson.*'
    cp "$state"/simdjson-*/singleheader/simdjson.{h,cpp} "$dir/"
    rm -rf "$state"
  fi
  cmp -s "$dir/simdjson.h" /usr/include/simdjson.h ||
    die "$dir/simdjson.h differs from /usr/include/simdjson.h; remove $dir and retry"
  echo "$dir/simdjson.cpp"
}

# Only glibc's libraries may remain dynamic.
check_dynamic_libraries() {
  local binary library
  for binary in "$@"; do
    while read -r library; do
      case $library in
        libc.so.* | libm.so.* | ld-linux-x86-64.so.* | libpthread.so.* | libdl.so.* | librt.so.*) ;;
        *) die "$(basename "$binary") needs $library, which is not part of glibc" ;;
      esac
    done < <(readelf -d "$binary" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p')
  done
}

# Debian's libjsonnet.a lacks the rapidyaml and MD5 code its shared library carries (Debian links
# them into the .so only), so the release build links a libjsonnet.a of the same upstream version
# made from the jsonnet sdist on PyPI, which holds core/ and third_party/ whole: the objects its
# setup.py lists, built by its own Makefile. Built once and kept in the cache; prints the folder
# (include/libjsonnet.h, lib/libjsonnet.a).
jsonnet_static() {
  local version dir work objects
  version=$(dpkg-query -W -f='${Version}' libjsonnet-dev 2>/dev/null) ||
    die "libjsonnet-dev is not installed (run scripts/install-deps.sh)"
  version=${version%%+*}
  version=${version%%-*}
  dir="$cache/jsonnet-$version"
  if [[ ! -f $dir/lib/libjsonnet.a ]]; then
    echo "package: building libjsonnet $version (static) from its PyPI source" >&2
    work=$(mktemp -d)
    python3 -m pip download -q --no-deps --no-binary :all: "jsonnet==$version" -d "$work" >&2 ||
      die "cannot download jsonnet $version's source from PyPI"
    tar -xzf "$work/jsonnet-$version.tar.gz" -C "$work"
    local source="$work/jsonnet-$version"
    mapfile -t objects < <(grep -oE "'[^']+\.o'" "$source/setup.py" | tr -d "'")
    ((${#objects[@]} > 10)) || die "cannot read the object list of jsonnet $version's setup.py"
    make -C "$source" -j "$jobs" OPT=-O2 "${objects[@]}" >"$work/make.log" 2>&1 ||
      die "building libjsonnet $version failed: $(tail -n 3 "$work/make.log")"
    mkdir -p "$dir.partial/lib" "$dir.partial/include"
    (cd "$source" && ar rcs "$dir.partial/lib/libjsonnet.a" "${objects[@]}")
    cp "$source/include/libjsonnet.h" "$dir.partial/include/"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    rm -rf "$work"
  fi
  echo "$dir"
}

# The image's kubectl: Kubernetes' own cmd/kubectl, from scripts/image/kubectl/go.mod, which pins the
# k8s.io modules of the local cluster (tests/cluster/go.mod); static (CGO_ENABLED=0) and reporting
# its version as a release build does. Built once per version, go.sum and Go, kept in the cache;
# prints its path.
kubectl_static() {
  local module="$root/scripts/image/kubectl" pin='s/^[[:space:]]*k8s\.io\/kubernetes (v[0-9.]+).*/\1/p'
  local version cluster_version major minor flags package hash binary
  command -v go >/dev/null || die "go is not on PATH (the image's kubectl is built from Go modules)"
  version=$(sed -nE "$pin" "$module/go.mod")
  cluster_version=$(sed -nE "$pin" tests/cluster/go.mod)
  [[ -n $version && $version == "$cluster_version" ]] ||
    die "scripts/image/kubectl/go.mod pins k8s.io/kubernetes '$version', tests/cluster/go.mod" \
      "'$cluster_version': keep them (and their replace lines) in step"
  major=$(sed -E 's/^v([0-9]+)\..*/\1/' <<<"$version")
  minor=$(sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/' <<<"$version")
  flags="-s -w"
  for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $package.gitVersion=$version -X $package.gitMajor=$major -X $package.gitMinor=$minor"
    flags+=" -X $package.gitTreeState=clean -X $package.buildDate=1970-01-01T00:00:00Z"
  done
  hash=$( (cat "$module/go.mod" "$module/go.sum" && echo "$flags" && GOTOOLCHAIN=local go env GOVERSION) |
    sha256sum | cut -c1-12)
  binary="$cache/kubectl-$version-$hash"
  if [[ ! -x $binary ]]; then
    echo "package: building kubectl $version from Go modules for the image (once, kept in $cache)" >&2
    mkdir -p "$cache"
    (cd "$module" && CGO_ENABLED=0 GOTOOLCHAIN=local go build -mod=readonly -trimpath -ldflags "$flags" \
      -o "$binary.partial" k8s.io/kubernetes/cmd/kubectl) >&2 || die "building kubectl $version failed (see above)"
    mv "$binary.partial" "$binary"
  fi
  echo "$binary"
}

# Copies a host program to a path under the image's root, with each shared object ldd lists for it
# (glibc and the dynamic loader; for ssh-keygen and gpgv also their few libraries) at its own path.
copy_with_libraries() {
  local image_root=$1 program=$2 target=$3 library
  install -D -m 0755 "$program" "$image_root$target"
  while read -r library; do
    [[ -e $image_root$library ]] || install -D -m 0755 "$library" "$image_root$library"
  done < <(ldd "$program" | sed -nE 's#.*=> (/[^ ]+) \(.*#\1#p; s#^[[:space:]]*(/[^ ]+) \(.*#\1#p')
}

# The agent's root: kubectl and the four plugins in /usr/local/bin, ssh-keygen and gpgv (signature
# verification) in /usr/bin, glibc, a nonroot user 65532, the build machine's CA bundle (HTTPS
# remotes; libgit2 reads that path) and /tmp. No shell, no git (libgit2 is linked in), no helm.
image_root() {
  local image_root=$1 kubectl=$2 plugin tool program
  install -D -m 0755 "$kubectl" "$image_root/usr/local/bin/kubectl"
  for plugin in "${plugins[@]}"; do
    copy_with_libraries "$image_root" "$stage/kubectl-$plugin" "/usr/local/bin/kubectl-$plugin"
  done
  for tool in ssh-keygen gpgv; do
    program=$(command -v "$tool") || die "$tool is not installed (run scripts/install-deps.sh)"
    copy_with_libraries "$image_root" "$program" "/usr/bin/$tool"
  done
  mkdir -p "$image_root/etc/ssl/certs" "$image_root/home/nonroot" "$image_root/tmp"
  printf '%s\n' "root:x:0:0:root:/root:/sbin/nologin" \
    "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin" >"$image_root/etc/passwd"
  printf '%s\n' "root:x:0:" "nonroot:x:65532:" >"$image_root/etc/group"
  printf '%s\n' "passwd: files" "group: files" "hosts: files dns" >"$image_root/etc/nsswitch.conf"
  install -m 0644 /etc/ssl/certs/ca-certificates.crt "$image_root/etc/ssl/certs/" ||
    die "/etc/ssl/certs/ca-certificates.crt is missing (install ca-certificates)"
  find "$image_root" -type d -exec chmod 0755 {} +
  chmod 0644 "$image_root"/etc/{passwd,group,nsswitch.conf}
  chmod 0700 "$image_root/home/nonroot"
  chmod 1777 "$image_root/tmp"
}

# The layer: the root as a tar with sorted names, a fixed time and numeric owners: 65532 for
# /home/nonroot, 0 for the rest. GNU tar takes one owner per run, so consecutive names of one owner
# are archived together and the runs concatenated, in order.
layer_tar() {
  local image_root=$1 output=$2 work entry owner run_owner="" runs=0
  work=$(mktemp -d)
  while IFS= read -r entry; do
    owner=0
    [[ $entry == home/nonroot || $entry == home/nonroot/* ]] && owner=65532
    if [[ $owner != "$run_owner" ]]; then
      runs=$((runs + 1))
      run_owner=$owner
      echo "$owner" >"$work/owner.$runs"
    fi
    echo "$entry" >>"$work/names.$runs"
  done < <(cd "$image_root" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort)
  rm -f "$output"
  for ((run = 1; run <= runs; run++)); do
    owner=$(cat "$work/owner.$run")
    tar --format=gnu --no-recursion --owner="$owner" --group="$owner" --numeric-owner \
      --mtime="@$epoch" -C "$image_root" -T "$work/names.$run" -cf "$work/run.tar"
    if ((run == 1)); then mv "$work/run.tar" "$output"; else tar -Af "$output" "$work/run.tar"; fi
  done
  rm -rf "$work"
}

# Moves a file into the layout's blobs/sha256/ under its digest and prints its descriptor.
blob() {
  local layout=$1 file=$2 media_type=$3 digest size
  digest=$(sha256sum "$file" | cut -d' ' -f1)
  size=$(stat -c %s "$file")
  mv "$file" "$layout/blobs/sha256/$digest"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$media_type" "$digest" "$size"
}

# The agent's image as an OCI image layout in one tar: one gzip layer, its config (user 65532,
# entrypoint kubectl, so the Deployment's args start with the plugin's name), the manifest, an
# index naming it v<version>, and docker load's manifest.json pointing at the same blobs.
write_image() {
  local output=$1 kubectl=$2 work layout layer diff_id config manifest
  work=$(mktemp -d)
  layout="$work/layout"
  mkdir -p "$layout/blobs/sha256"
  image_root "$work/root" "$kubectl"
  layer_tar "$work/root" "$work/layer.tar"
  diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  gzip -n -6 <"$work/layer.tar" >"$work/layer.tar.gz"
  rm -rf "$work/layer.tar" "$work/root"
  layer=$(blob "$layout" "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)
  python3 - "$diff_id" "$epoch" "$version" >"$work/config.json" <<'PY'
import datetime, json, sys
diff_id, epoch, version = sys.argv[1], int(sys.argv[2]), sys.argv[3]
created = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": created,
    "config": {
        "User": "65532:65532",
        "Env": ["PATH=/usr/local/bin:/usr/bin:/bin",
                "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"],
        "Entrypoint": ["kubectl"],
        "WorkingDir": "/tmp",
        "Labels": {"org.opencontainers.image.version": version},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": created, "created_by": "scripts/package.sh"}],
}
print(json.dumps(config, sort_keys=True, separators=(",", ":")), end="")
PY
  config=$(blob "$layout" "$work/config.json" application/vnd.oci.image.config.v1+json)
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
    "$config" "$layer" >"$work/manifest.json"
  manifest=$(blob "$layout" "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
  python3 - "$manifest" "$config" "$layer" "$image_name:v$version" "$layout" <<'PY'
import json, sys
manifest, config, layer = (json.loads(argument) for argument in sys.argv[1:4])
reference, layout = sys.argv[4], sys.argv[5]
tag = reference.rsplit(":", 1)[1]
# podman load and containerd name the image after io.containerd.image.name; skopeo and the spec
# read ref.name, the tag alone.
manifest["annotations"] = {"io.containerd.image.name": reference, "org.opencontainers.image.ref.name": tag}
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [manifest]}
docker = [{"Config": "blobs/sha256/" + config["digest"].split(":")[1], "RepoTags": [reference],
           "Layers": ["blobs/sha256/" + layer["digest"].split(":")[1]]}]
for name, value in (("index.json", index), ("manifest.json", docker),
                    ("oci-layout", {"imageLayoutVersion": "1.0.0"})):
    with open(f"{layout}/{name}", "w") as file:
        json.dump(value, file, sort_keys=True, separators=(",", ":"))
PY
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$layout" \
    -cf "$output" oci-layout index.json manifest.json blobs
  rm -rf "$work"
}

# One manifest per plugin from krew/plugin.yaml.in; the line @ABOUT@ becomes krew/about/<plugin>.yaml.
write_manifest() {
  local plugin=$1 sha256=$2 line
  while IFS= read -r line; do
    if [[ $line == "@ABOUT@" ]]; then
      cat "krew/about/$plugin.yaml"
    else
      echo "$line"
    fi
  done <krew/plugin.yaml.in | while IFS= read -r line; do
    line=${line//@PLUGIN@/$plugin}
    line=${line//@VERSION@/$version}
    echo "${line//@SHA256@/$sha256}"
  done
}

echo "package: building $name (static, Release) in $build_dir" >&2
simdjson_cpp=$(simdjson_source)
kubectl=$(kubectl_static)
jsonnet_dir=$(jsonnet_static)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGITOPS_BUILD_TESTS=OFF \
  -DGITOPS_STATIC=ON -DGITOPS_SIMDJSON_SOURCE="$simdjson_cpp" -DGITOPS_JSONNET_STATIC="$jsonnet_dir" \
  -DGITOPS_RELEASE_VERSION="$version" >/dev/null
ninja -C "$build_dir" -j "$jobs" >&2  # stdout is the archive's path alone

stage="$root/dist/$name"
rm -rf "$stage"
cmake --install "$build_dir" --prefix "$stage" --strip >/dev/null
mv "$stage"/bin/* "$stage/" && rmdir "$stage/bin"
check_dynamic_libraries "$stage"/kubectl-* "$stage"/kubectl_complete-*
for plugin in "${plugins[@]}"; do
  version_line=$("$stage/kubectl-$plugin" --version)
  [[ $version_line == "kubectl-$plugin version v$version" ]] ||
    die "kubectl-$plugin --version prints '$version_line', not version v$version"
done
cp LICENSE "$stage/LICENSE"
cp krew/ARCHIVE-README.md "$stage/README.md"

# Reproducible: sorted names, no owners, a fixed time, gzip without a timestamp.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
members=()
for member in "$stage"/*; do members+=("$(basename "$member")"); done
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" \
  -cf - "${members[@]}" | gzip -n -9 >"$archive"
write_image "$image" "$kubectl"
rm -rf "$stage"
sha256=$(sha256sum "$archive" | cut -d' ' -f1)

for plugin in "${plugins[@]}"; do
  write_manifest "$plugin" "$sha256" >"krew/$plugin.yaml"
  cp "krew/$plugin.yaml" "dist/$plugin.yaml"
done

echo "package: $archive ($(du -h "$archive" | cut -f1), sha256 $sha256)" >&2
echo "package: $image ($(du -h "$image" | cut -f1), the agent's image $image_name:v$version)" >&2
echo "package: krew/{$(
  IFS=,
  echo "${plugins[*]}"
)}.yaml point at it" >&2
echo "$archive"
