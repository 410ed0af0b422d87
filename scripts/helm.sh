#!/usr/bin/env bash
# Prints the path of a helm 3.14 or newer for the tests and the demo: $HELM, else the helm on PATH,
# else one built from Go modules by tests/tools/helm (the version its go.mod pins), once, and cached
# by a hash of what it is built from, as the local cluster is.
#
#   scripts/helm.sh            find or build; print the path
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir="$here/../tests/tools/helm"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-gitops"
min_minor=14

die() {
  echo "helm: error: $*" >&2
  exit 2
}

# Whether `$1 version` says v3.14 or newer (helm 4 included).
recent_enough() {
  local version major minor
  version=$("$1" version --template '{{.Version}}' 2>/dev/null) || return 1
  major=$(echo "$version" | sed -nE 's/^v([0-9]+)\..*/\1/p')
  minor=$(echo "$version" | sed -nE 's/^v[0-9]+\.([0-9]+).*/\1/p')
  [[ -n "$major" && -n "$minor" ]] || return 1
  ((major > 3 || (major == 3 && minor >= min_minor)))
}

if [[ -n "${HELM:-}" ]]; then
  recent_enough "$HELM" || die "\$HELM ('$HELM') is not a helm 3.$min_minor or newer"
  echo "$HELM"
  exit 0
fi
if found=$(command -v helm 2>/dev/null) && recent_enough "$found"; then
  echo "$found"
  exit 0
fi

hash=$( (cd "$source_dir" && cat go.mod go.sum) | sha256sum | cut -c1-16)
binary="$cache_dir/helm-$hash"
if [[ ! -x "$binary" ]]; then
  command -v go >/dev/null 2>&1 || die "no helm 3.$min_minor or newer on PATH, and no 'go' to build one"
  echo "helm: building helm from Go modules (first run only; a few minutes)" >&2
  mkdir -p "$cache_dir"
  version=$(cd "$source_dir" && GOTOOLCHAIN=local go list -m -f '{{.Version}}' helm.sh/helm/v3)
  (cd "$source_dir" && GOTOOLCHAIN=local GOFLAGS=-mod=mod nice go build -trimpath \
    -ldflags "-X helm.sh/helm/v3/internal/version.version=$version" \
    -o "$binary.tmp" helm.sh/helm/v3/cmd/helm) >&2 ||
    die "the build of tests/tools/helm failed (see above; it needs go $(sed -nE 's/^go //p' "$source_dir/go.mod") or newer)"
  mv "$binary.tmp" "$binary"
fi
echo "$binary"
