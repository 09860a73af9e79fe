#!/usr/bin/env bash
# Runs one end-to-end case: CASE/args holds the command line (one argument per line, run from
# the repository root, or from the directory CASE/cwd names relative to it), CASE/stdin (optional) is fed to it, CASE/stdout is the expected
# standard output, CASE/stderr (optional) the expected standard error, CASE/exit the exit code.
# Set MG_UPDATE_GOLDEN=1 to rewrite the expected files from the actual run.
set -uo pipefail
bin=$1
case_dir=$(cd "$2" && pwd)
mapfile -t args < "$case_dir/args"
input=/dev/null
[ -f "$case_dir/stdin" ] && input="$case_dir/stdin"
out=$(mktemp); err=$(mktemp)
[ -f "$case_dir/cwd" ] && cd "$(cat "$case_dir/cwd")"
trap 'rm -f "$out" "$err"' EXIT
"$bin" "${args[@]}" < "$input" > "$out" 2> "$err"
code=$?
if [ "${MG_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" "$case_dir/stdout"
  echo "$code" > "$case_dir/exit"
  [ -f "$case_dir/stderr" ] && cp "$err" "$case_dir/stderr"
  exit 0
fi
status=0
want_code=$(cat "$case_dir/exit")
if [ "$code" != "$want_code" ]; then
  echo "exit code: got $code, want $want_code"; status=1
fi
if ! diff -u "$case_dir/stdout" "$out"; then
  echo "stdout differs"; status=1
fi
if [ -f "$case_dir/stderr" ] && ! diff -u "$case_dir/stderr" "$err"; then
  echo "stderr differs"; status=1
fi
if [ $status -ne 0 ]; then
  echo "--- stderr of the run:"; cat "$err"
fi
exit $status
