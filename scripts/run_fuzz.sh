#!/usr/bin/env bash
# Runs every libFuzzer target for a set time and prints executions per second per target.
#   scripts/run_fuzz.sh [SECONDS_PER_TARGET] [BUILD_DIR]      (defaults: 60, build-asan)
# Each target starts from its seed corpus, fuzz/corpus/<target>/ (read, never written); what it
# learns goes to <BUILD_DIR>/fuzz-work/<target>/corpus, and a crashing input to
# <BUILD_DIR>/fuzz-work/<target>/crash-* (the run then fails and names it).
# Options: https://llvm.org/docs/LibFuzzer.html#options
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
build="${2:-build-asan}"
# Recursion depth and leaks are fine for these targets; a slow input (over 10 s) is a finding.
# A fixed seed (FUZZ_SEED, default 1) makes a run repeatable from the same corpus; set another
# seed, or 0 for a random one, to explore further.
fuzz_options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -seed="${FUZZ_SEED:-1}")

mapfile -t targets < <(find "$build/fuzz" -type f -name '*_fuzz' -perm -u+x | sort)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets in $build/fuzz (build them with: make fuzz)" >&2
  exit 1
fi

failed=()
printf '%-28s %12s %12s %8s\n' target executions exec/s corpus
for bin in "${targets[@]}"; do
  name="$(basename "$bin")"
  work="$build/fuzz-work/$name"
  mkdir -p "$work/corpus"
  log="$work/last-run.log"
  "$bin" "${fuzz_options[@]}" -artifact_prefix="$work/" "$work/corpus" "fuzz/corpus/$name" \
    >"$log" 2>&1
  status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  units="$(find "$work/corpus" -type f | wc -l)"
  printf '%-28s %12s %12s %8s\n' "$name" "${runs:-?}" "${speed:-?}" "$units"
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    echo "  FAILED ($status): see $log" >&2
    grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|deadly signal' "$log" >&2
    ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
