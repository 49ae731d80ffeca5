#!/usr/bin/env bash
# Builds and runs LayerFlow's libFuzzer targets (the Fuzz/ package; docs/Reliability.md, "Fuzzing").
#
#   scripts/fuzz.sh build                  build every target (libFuzzer + AddressSanitizer)
#   scripts/fuzz.sh list                   the target names
#   scripts/fuzz.sh run TARGET [SECONDS]   fuzz one target for SECONDS (default $FUZZ_SECONDS or 60)
#   scripts/fuzz.sh all [SECONDS]          build, then fuzz every target in turn (what `make fuzz` runs)
#   scripts/fuzz.sh repro TARGET FILE...   run the target once on each FILE (a crash, a seed)
#
# Each run starts from the committed seeds (Fuzz/Corpus/TARGET) and a working corpus kept between
# runs in Fuzz/.build/fuzz/corpus/TARGET (new inputs go there, never into the committed seeds);
# crashes, timeouts and out-of-memory inputs are written to Fuzz/.build/fuzz/artifacts/TARGET/ and
# the log to Fuzz/.build/fuzz/logs/TARGET.log. A run fails, with libFuzzer's status (1 for a
# crash, 70 for a timeout), when it finds anything; `all` goes on with the other targets and
# fails at the end.
#
# Limits per input (libFuzzer flags): -timeout=10 s, -rss_limit_mb=2048, and -malloc_limit_mb equal
# to it; more flags can be added with FUZZ_FLAGS, e.g. FUZZ_FLAGS='-max_len=65536' for longer inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(
  cluster-json plan-json helix-instance-json helix-ini helix-ini-expression
  request-lengths-csv workload-csv quick-cluster model-config
)
# The dictionary of each target (Fuzz/Dictionaries/NAME.dict).
dictionary() {
  case "$1" in
    cluster-json | plan-json | helix-instance-json) echo json ;;
    helix-ini | helix-ini-expression) echo ini ;;
    request-lengths-csv | workload-csv) echo csv ;;
    quick-cluster) echo quick-cluster ;;
    model-config) echo model-config ;;
  esac
}

SECONDS_DEFAULT="${FUZZ_SECONDS:-60}"
WORK=Fuzz/.build/fuzz
# `--sanitize fuzzer` makes SwiftPM link libFuzzer's main (without it, SwiftPM renames each
# executable's entry point to `<target>_main`, which libFuzzer's main does not call, and the link
# fails). The sanitizers themselves go in one -sanitize=fuzzer,address: SwiftPM's `--sanitize
# fuzzer --sanitize address` passes two -sanitize flags in no fixed order and the compiler keeps
# only the last, so half the builds had no coverage instrumentation or no AddressSanitizer.
BUILD=(swift build --package-path Fuzz -c debug --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address)

build() {
  echo "+ ${BUILD[*]}" >&2
  "${BUILD[@]}"
}

binary() {
  local path
  path="$("${BUILD[@]}" --show-bin-path)/$1"
  [ -x "$path" ] || { echo "error: $path is missing; run scripts/fuzz.sh build" >&2; exit 2; }
  echo "$path"
}

known() {
  local target
  for target in "${TARGETS[@]}"; do [ "$target" = "$1" ] && return 0; done
  echo "error: unknown fuzz target '$1'; known: ${TARGETS[*]}" >&2
  exit 2
}

# The Swift runtime's backtracer would catch the fatal errors libFuzzer needs to see (and keep the
# process alive while it symbolicates); leak checking is off because the runtime's caches and
# globals outlive the input by design.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

run() {
  local target="$1" seconds="${2:-$SECONDS_DEFAULT}"
  known "$target"
  local exe corpus artifacts log
  exe="$(binary "$target")"
  corpus="$WORK/corpus/$target"
  artifacts="$WORK/artifacts/$target"
  log="$WORK/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "== $target: ${seconds}s, log $log" >&2
  local status=0
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  "$exe" "$corpus" "Fuzz/Corpus/$target" \
    -dict="Fuzz/Dictionaries/$(dictionary "$target").dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
  summary "$target" "$log" "$status"
  return "$status"
}

# One line per run: executions, executions per second, corpus size, outcome.
summary() {
  local target="$1" log="$2" status="$3"
  local runs rate corpus outcome
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  corpus="$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')"
  if [ "$status" -eq 0 ]; then
    outcome="no crash"
  else
    outcome="FAILED (status $status): $(grep -m1 -E 'ERROR: libFuzzer|Fatal error|ERROR: AddressSanitizer|SUMMARY' "$log" || echo 'see log')"
  fi
  printf '%-22s executions %-10s exec/s %-7s corpus %-12s %s\n' \
    "$target" "${runs:-?}" "${rate:-?}" "${corpus:-?}" "$outcome"
}

case "${1:-}" in
  build) build ;;
  list) printf '%s\n' "${TARGETS[@]}" ;;
  run)
    [ $# -ge 2 ] || { echo "usage: scripts/fuzz.sh run TARGET [SECONDS]" >&2; exit 2; }
    run "$2" "${3:-}"
    ;;
  all)
    build
    failed=0
    for target in "${TARGETS[@]}"; do run "$target" "${2:-}" || failed=1; done
    exit "$failed"
    ;;
  repro)
    [ $# -ge 3 ] || { echo "usage: scripts/fuzz.sh repro TARGET FILE..." >&2; exit 2; }
    known "$2"
    exe="$(binary "$2")"
    shift 2
    "$exe" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 "$@"
    ;;
  *)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
