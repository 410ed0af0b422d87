#!/usr/bin/env bash
# Fuzzes every parser (tests/fuzz, README "Hardening"): builds the libFuzzer targets with clang,
# ASan and UBSan in build-fuzz, then runs each for SECONDS (default 30) from its seed corpus
# (tests/fuzz/corpus/<target>, left as committed; what a run learns is kept in
# build-fuzz/corpus/<target>). A crash, a sanitizer report, a leak, an input slower than
# GITOPS_FUZZ_TIMEOUT seconds (default 25) or a broken property is a finding: the input is saved
# in build-fuzz/findings/<target>/ and the script fails. Prints each target's executions.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-30}
shift || true
build_dir="${GITOPS_FUZZ_BUILD_DIR:-$root/build-fuzz}"
timeout=${GITOPS_FUZZ_TIMEOUT:-25}

[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] ||
  { echo "fuzz: error: SECONDS must be a positive whole number, not '$seconds'" >&2; exit 2; }
command -v clang++ >/dev/null || scripts/install-deps.sh

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGITOPS_FUZZ=ON -DGITOPS_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
ninja -C "$build_dir" fuzz

targets=("$@")
((${#targets[@]})) || mapfile -t targets < <(cd tests/fuzz/corpus && ls)
failed=()
for target in "${targets[@]}"; do
  binary="$build_dir/tests/fuzz/fuzz_$target"
  [[ -x $binary ]] || { echo "fuzz: error: no fuzz target '$target'" >&2; exit 2; }
  corpus="$build_dir/corpus/$target" findings="$build_dir/findings/$target"
  mkdir -p "$corpus" "$findings"
  log="$build_dir/fuzz-$target.log"
  if "$binary" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
    "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
    echo "fuzz: $target: no finding in ${seconds}s, ${runs:-?} executions"
  else
    echo "fuzz: $target: FINDING (log: $log; input: $(ls -t "$findings" | head -n 1)):" >&2
    grep -E "ERROR|SUMMARY|fuzz finding|runtime error|Test unit written" "$log" | head -n 8 >&2
    failed+=("$target")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: error: findings in ${failed[*]}; reproduce with $build_dir/tests/fuzz/fuzz_<target>" \
    "<input>, fix, and keep the input as a unit test" >&2
  exit 1
fi
