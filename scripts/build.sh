#!/usr/bin/env bash
# Configures and builds one flavour: release (default) into build/, asan into build-asan/.
# Usage: scripts/build.sh [release|asan] [extra cmake --build args...]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
case "$flavour" in
  release) dir=build; opts=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan) dir=build-asan; opts=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DMG_SANITIZE=ON) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release|asan)" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "${opts[@]}" >/dev/null
fi
cmake --build "$dir" "$@"
