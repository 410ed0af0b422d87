#!/usr/bin/env bash
# Builds the release archive and its Krew manifests:
#   dist/kubectl-gitops_<version>_linux_amd64.tar.gz   the four plugins, the four kubectl_complete-*
#                                                      programs, LICENSE and a README
#   krew/<plugin>.yaml (and a copy in dist/)            one manifest per plugin, all pointing at it
# Usage: scripts/package.sh [VERSION]   (default: the project version in CMakeLists.txt)
#
# The binaries link every library Debian ships as an archive statically (GITOPS_STATIC=ON, see
# cmake/StaticLink.cmake) and need nothing but glibc; the script checks that before packing.
# Environment: GITOPS_RELEASE_BUILD_DIR (default build-release), GITOPS_JOBS (default 2),
# GITOPS_CACHE (default ~/.cache/kubectl-gitops: simdjson's source and libjsonnet are kept there).
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
rm -rf "$stage"
sha256=$(sha256sum "$archive" | cut -d' ' -f1)

for plugin in "${plugins[@]}"; do
  write_manifest "$plugin" "$sha256" >"krew/$plugin.yaml"
  cp "krew/$plugin.yaml" "dist/$plugin.yaml"
done

echo "package: $archive ($(du -h "$archive" | cut -f1), sha256 $sha256)" >&2
echo "package: krew/{$(
  IFS=,
  echo "${plugins[*]}"
)}.yaml point at it" >&2
echo "$archive"
