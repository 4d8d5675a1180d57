#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS from its corpus, prints its inputs a second, and fails
# (exit 1) when a target crashed, timed out or ran out of memory; the input that did it is in
# .build-fuzz/crashes/, and is run once more with AddressSanitizer's full allocation stacks,
# which the fuzzing itself goes without (malloc_context_size=0: unwinding the stack at every
# allocation took a fifth of the time). Usage: Fuzz/run-targets.sh BIN_DIR SECONDS TARGET...
set -uo pipefail
bin=$1 seconds=$2; shift 2
failed=0
# SWIFT_BACKTRACE: the Swift runtime's backtracer, started by a crash, reads the crashed
# process's memory under AddressSanitizer, trips it, and held the loop for minutes.
export SWIFT_BACKTRACE=enable=no
for t in "$@"; do
  log=.build-fuzz/$t.log
  ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0 "$bin/fuzz-$t" ".build-fuzz/corpus/$t" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -artifact_prefix=".build-fuzz/crashes/$t-" -print_final_stats=1 > "$log" 2>&1
  status=$?
  units=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  printf '%-11s %10s inputs in %s s, %8s inputs a second\n' "$t" "${units:-?}" "$seconds" "${rate:-?}"
  if [ $status -ne 0 ]; then
    echo "fuzz-$t failed (exit $status):" >&2
    grep -E 'ERROR|SUMMARY|Fatal error|crash-|timeout-|oom-' "$log" | head -20 >&2
    for input in $(grep -o 'Test unit written to .*' "$log" | sed 's/^Test unit written to //'); do
      echo "again, with full stacks: $bin/fuzz-$t $input (in $log.again)" >&2
      ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$t" "$input" -timeout=10 -rss_limit_mb=2048 > "$log.again" 2>&1
      # What a CI log must show to be acted on without the artifact: the fatal message and the
      # project's own frames, and the input itself when it is small.
      grep -m1 -E 'Fatal error|ERROR: AddressSanitizer' "$log.again" >&2
      grep -E '^ *#[0-9]+ .* in .*(TransitKit|fuzz_)' "$log.again" | sed -E 's/^ *(#[0-9]+) 0x[0-9a-f]+ in [^ ]* /  \1 /' | head -12 >&2
      if [ "$(wc -c < "$input")" -le 2048 ]; then echo "the input, base64:" >&2; base64 -w 0 "$input" >&2; echo >&2; fi
    done
    failed=1
  fi
done
exit $failed
