#!/usr/bin/env bash
# Installs every Debian package the build, the tests, the demo and the local cluster need.
# Idempotent: packages already present are not touched, and apt-get update runs at most once.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git clang-format
  libboost-dev libboost-program-options-dev libboost-filesystem-dev
  libgit2-dev libyaml-cpp-dev libdtl-dev nlohmann-json3-dev libsimdjson-dev
  libgtest-dev
  # Jsonnet renders in-process (shared/source/jsonnet.cpp).
  libjsonnet-dev
  time bc
  # The agent's endpoint tests talk HTTP and sign webhooks as GitHub does; its remote-repository
  # test serves git's smart HTTP (git http-backend) behind Basic auth from a Python script, and
  # package.sh fetches jsonnet's source with pip.
  curl openssl python3 python3-pip
  # Signatures: ssh-keygen verifies and makes SSH signatures, gpgv verifies OpenPGP ones, gpg
  # makes them (and the tests' keys).
  openssh-client gpgv gnupg
  # The agent's SSH remote: libssh2 checks host keys against an app's known-hosts file; its test
  # serves the repository from an sshd of its own on loopback.
  libssh2-1-dev openssh-server
  # Release packages (scripts/package.sh links statically; libgit2-dev brings the other archives)
  # and their test (scripts/test-package.sh runs them in a debootstrap chroot, and reads the
  # agent's image archive with skopeo).
  libssl-dev debootstrap skopeo
  # The fuzz targets (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes.
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The local cluster is built from Go modules (Go >= 1.24 for Kubernetes 1.33); the plugins drive the
# machine's kubectl. Neither comes from Debian at a usable version, so check them instead.
if ! command -v go >/dev/null 2>&1; then
  echo "install-deps: error: 'go' (1.24 or newer) is not on PATH; the local cluster is built with it" >&2
  exit 2
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if ((go_minor < 24)); then
  echo "install-deps: error: go $(go env GOVERSION) is too old; the local cluster needs go 1.24 or newer" >&2
  exit 2
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "install-deps: error: 'kubectl' is not on PATH; the plugins run through it" >&2
  exit 2
fi

# Charts render with helm 3.14 or newer, which Debian does not ship: the tests and the demo use the
# one on PATH, else one built once from Go modules and cached (scripts/helm.sh).
if ! helm=$("$(dirname "${BASH_SOURCE[0]}")/helm.sh"); then
  echo "install-deps: error: no helm 3.14 or newer for the tests and the demo (see above)" >&2
  exit 2
fi
echo "install-deps: helm: $helm ($("$helm" version --template '{{.Version}}'))"
