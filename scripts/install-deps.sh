#!/usr/bin/env bash
# Installs the Debian packages manifestgate builds and tests with. Idempotent: does
# nothing when every package is already present, so every script may call it first.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config git
  libyaml-cpp-dev libyaml-dev rapidjson-dev libcli11-dev catch2 libre2-dev
  libcurl4-openssl-dev libssl-dev tzdata python3 time
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
