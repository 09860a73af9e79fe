#!/usr/bin/env bash
# Command one of the README: install, build, and run the main job on the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release --target manifestgate
set +e
./build/manifestgate test testdata/examples -p policy -d policy/data.yaml
code=$?
set -e
echo "manifestgate exited with $code (0 = nothing denied, 1 = something denied, 2 = could not evaluate)"
