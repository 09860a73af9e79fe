#!/usr/bin/env bash
# Command two of the README: install, build (release and ASan+UBSan) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
for flavour in release asan; do
  dir=build; [ "$flavour" = asan ] && dir=build-asan
  echo "== building $flavour"
  scripts/build.sh "$flavour"
  echo "== testing $flavour"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
done
